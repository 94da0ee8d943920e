namespace DiffusionBot.Core.Jobs;

/// <summary>Ids of milliseconds since 2025-01-01 shifted left 12 bits plus a counter: unique and increasing in one process, also across restarts.</summary>
public sealed class TimeOrderedJobIdGenerator(TimeProvider time) : IJobIdGenerator
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock _gate = new();
    private long _last;

    public JobId Next()
    {
        var millis = Math.Max(0, (long)(time.GetUtcNow() - Epoch).TotalMilliseconds);
        var candidate = (millis << 12) + 1;
        lock (_gate)
        {
            _last = Math.Max(candidate, _last + 1);
            return new JobId(_last);
        }
    }
}
