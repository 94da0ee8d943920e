namespace DiffusionBot.Discord.Gateway;

/// <summary>Jittered exponential backoff between failed connection attempts, bounded by [min, max].</summary>
internal sealed class GatewayBackoff(TimeSpan min, TimeSpan max, IGatewayRandom random)
{
    private int _failures;

    public void Reset() => _failures = 0;

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
        // "Equal jitter": half fixed, half random, never below min.
        var jittered = ceiling / 2 + (ceiling / 2 * random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, min.TotalMilliseconds, max.TotalMilliseconds));
    }
}
