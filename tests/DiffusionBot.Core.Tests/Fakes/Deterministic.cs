using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

internal sealed class SequentialSeeds : ISeedSource
{
    private long _next = 1000;

    public long NextSeed() => Interlocked.Increment(ref _next);
}

internal sealed class SequentialJobIds : IJobIdGenerator
{
    private long _next;

    public JobId Next() => new(Interlocked.Increment(ref _next));
}
