namespace DiffusionBot.Discord.Rest;

/// <summary>
/// State of one Discord rate-limit bucket and the FIFO line of requests waiting for it. Only one request per bucket is
/// in flight at a time. All members are guarded by the owning <see cref="RateLimiter"/>'s lock.
/// </summary>
internal sealed class RateLimitBucket
{
    public RateLimitBucket(string key) => Keys.Add(key);

    /// <summary>The dictionary keys that point at this bucket: its template key and, once known, its hash key.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Requests left in the current window; null when unknown (then one request is allowed to find out).</summary>
    public int? Remaining { get; set; }

    public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MinValue;

    /// <summary>True while a lease is held.</summary>
    public bool Held { get; set; }

    /// <summary>Holders plus waiters; the bucket is forgotten when this drops to 0 and it is not exhausted.</summary>
    public int Users { get; set; }

    public LinkedList<TaskCompletionSource> Waiters { get; } = new();

    public bool IsExhaustedAt(DateTimeOffset now) => Remaining is <= 0 && now < ResetAt;
}
