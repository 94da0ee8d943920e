namespace DiffusionBot.Diffusion.Randomness;

/// <summary>A seeded source of standard normal samples (mean 0, variance 1). Initial latents and ancestral
/// scheduler steps draw from it, so one seed reproduces one image.</summary>
public interface IGaussianNoise
{
    /// <summary>Fills <paramref name="destination"/> with the next independent N(0, 1) samples.</summary>
    void Fill(Span<float> destination);
}
