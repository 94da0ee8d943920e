namespace DiffusionBot.Diffusion.Randomness;

/// <summary>Picks a seed when a request does not name one (injected so tests stay deterministic).</summary>
public interface ISeedSource
{
    long NextSeed();
}

/// <summary>Seeds from <see cref="Random.Shared"/>, kept to 0 … 2³²−1 so users can retype them.</summary>
public sealed class RandomSeedSource : ISeedSource
{
    public long NextSeed() => Random.Shared.NextInt64(0, 1L << 32);
}
