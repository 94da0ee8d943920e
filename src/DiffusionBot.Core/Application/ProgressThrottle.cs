namespace DiffusionBot.Core.Application;

/// <summary>Lets the first report through, then at most one per interval.</summary>
public sealed class ProgressThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private long? _lastTimestamp;

    public bool TryPass()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_lastTimestamp is { } last && time.GetElapsedTime(last, now) < interval) return false;
            _lastTimestamp = now;
            return true;
        }
    }
}
