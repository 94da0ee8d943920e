namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>A latent consistency model's guidance-scale embedding (diffusers' <c>get_guidance_scale_embedding</c>):
/// for w = guidance − 1 and d = width / 2, [sin(1000·w·fᵢ) …, cos(1000·w·fᵢ) …] with fᵢ = exp(−i·ln(10000)/(d − 1)).
/// LCM UNets with <c>time_cond_proj_dim</c> take it as <c>timestep_cond</c> instead of classifier-free guidance.</summary>
internal static class GuidanceEmbedding
{
    public static float[] For(double guidance, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 4);
        var half = width / 2;
        var w = (guidance - 1) * 1000.0;
        var step = Math.Log(10000.0) / (half - 1);
        var embedding = new float[width];
        for (var i = 0; i < half; i++)
        {
            var angle = w * Math.Exp(-i * step);
            embedding[i] = (float)Math.Sin(angle);
            embedding[half + i] = (float)Math.Cos(angle);
        }

        return embedding;
    }
}
