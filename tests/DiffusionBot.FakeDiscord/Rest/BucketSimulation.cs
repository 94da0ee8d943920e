using System.Globalization;

namespace DiffusionBot.FakeDiscord.Rest;

/// <summary>
/// A rate-limit bucket the fake enforces for one route: <see cref="Limit"/> requests per <see cref="ResetAfter"/>
/// window, announced with X-RateLimit-* headers. A request that arrives while the bucket is known to be exhausted
/// (or closed by a scripted 429) counts as a violation and is answered 429.
/// </summary>
public sealed class BucketSimulation(int limit, TimeSpan resetAfter, string hash)
{
    // Clocks of client and fake differ by timer granularity; a request this close to the reset is not a violation.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(5);

    private TimeSpan _windowEnd = TimeSpan.MinValue;
    private TimeSpan _closedUntil = TimeSpan.MinValue;
    private int _used;

    public int Limit { get; } = limit;

    public TimeSpan ResetAfter { get; } = resetAfter;

    public string Hash { get; } = hash;

    public int Violations { get; private set; }

    /// <summary>Admits a request at <paramref name="now"/>; returns false (a violation) when the bucket was exhausted.</summary>
    internal bool TryAdmit(TimeSpan now, out TimeSpan retryAfter)
    {
        if (now + Tolerance < _closedUntil)
        {
            Violations++;
            retryAfter = _closedUntil - now;
            return false;
        }

        if (now + Tolerance >= _windowEnd)
        {
            _windowEnd = now + ResetAfter;
            _used = 0;
        }

        if (_used >= Limit)
        {
            Violations++;
            retryAfter = _windowEnd - now;
            return false;
        }

        _used++;
        retryAfter = TimeSpan.Zero;
        return true;
    }

    /// <summary>A scripted 429 answered the admitted request: it does not count, and a bucket 429 ends the window.</summary>
    internal void Refund() => _used = Math.Max(0, _used - 1);

    /// <summary>A scripted bucket 429 closes the bucket until its retry_after, which is also the new reset.</summary>
    internal void Close(TimeSpan now, TimeSpan retryAfter)
    {
        _closedUntil = now + retryAfter;
        _windowEnd = _closedUntil;
        _used = Limit;
    }

    internal void AddHeaders(IDictionary<string, string> headers, TimeSpan now)
    {
        var resetAfter = _windowEnd - now;
        headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Math.Max(0, Limit - _used).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = (Math.Ceiling(Math.Max(0, resetAfter.TotalMilliseconds)) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = Hash;
    }
}
