using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

internal sealed class SequentialSeeds : ISeedSource
{
    private long _next = 1000;

    public long NextSeed() => Interlocked.Increment(ref _next);
}

/// <summary>Generator:NoiseSource as the host would supply it.</summary>
internal sealed class FixedNoiseSource(string name) : IDefaultNoiseSource
{
    public string Name { get; set; } = name;
}

internal sealed class SequentialJobIds : IJobIdGenerator
{
    private long _next;

    public JobId Next() => new(Interlocked.Increment(ref _next));
}
