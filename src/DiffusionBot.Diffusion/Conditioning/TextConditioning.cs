namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>What one prompt conditions the UNet with: hidden states [tokens × width] (its
/// <c>encoder_hidden_states</c> row) and, for SDXL, the pooled text embeddings (its <c>text_embeds</c> row).</summary>
internal sealed record TextConditioning(float[] Hidden, int Tokens, int Width, float[]? Pooled)
{
    /// <summary>All zeros of the same shape (SDXL's <c>force_zeros_for_empty_prompt</c> negative).</summary>
    public TextConditioning Zeros() => new(new float[Hidden.Length], Tokens, Width, Pooled is null ? null : new float[Pooled.Length]);
}
