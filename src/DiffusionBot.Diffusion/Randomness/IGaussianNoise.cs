namespace DiffusionBot.Diffusion.Randomness;

/// <summary>A seeded source of standard normal samples (mean 0, variance 1). Initial latents and ancestral
/// scheduler steps draw from it, so one seed reproduces one image.</summary>
/// <remarks>Each call is one draw of a whole tensor, like one <c>torch.randn</c> call: the PyTorch-compatible
/// sources give other values for one call of n samples than for two calls of n/2, so callers draw each latent
/// (initial noise, one step's noise) with a single call.</remarks>
public interface IGaussianNoise
{
    /// <summary>Fills <paramref name="destination"/> with the next independent N(0, 1) samples.</summary>
    void Fill(Span<float> destination);
}
