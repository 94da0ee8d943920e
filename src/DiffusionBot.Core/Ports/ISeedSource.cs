namespace DiffusionBot.Core.Ports;

/// <summary>New random seeds in [0, 2^32).</summary>
public interface ISeedSource
{
    long NextSeed();
}

public sealed class RandomSeedSource(Random random) : ISeedSource
{
    private readonly Lock _gate = new();

    public RandomSeedSource() : this(Random.Shared)
    {
    }

    public long NextSeed()
    {
        lock (_gate) return random.NextInt64(0, 1L << 32);
    }
}
