namespace DiffusionBot.Discord.Rest;

/// <summary>
/// The right to send requests into one bucket, held from before the first attempt until the last retry is done, so a
/// request keeps its place in line while it waits out a 429. Dispose to let the next request in.
/// </summary>
internal sealed class RateLimitLease : IDisposable
{
    private readonly RateLimiter _limiter;
    private bool _disposed;

    public RateLimitLease(RateLimiter limiter, RateLimitBucket bucket, RestRoute route)
    {
        _limiter = limiter;
        Bucket = bucket;
        Route = route;
    }

    public RateLimitBucket Bucket { get; }

    public RestRoute Route { get; }

    /// <summary>Waits until neither the bucket nor (for non-exempt routes) the global limit forbids sending.</summary>
    public Task WaitUntilSendableAsync(CancellationToken cancellationToken) => _limiter.WaitUntilSendableAsync(this, cancellationToken);

    /// <summary>Records the rate-limit headers of a response.</summary>
    public void Update(RateLimitHeaders headers) => _limiter.Update(this, headers);

    /// <summary>Records a 429: the bucket (or, when <paramref name="global"/>, every bucket) is closed for <paramref name="retryAfter"/>.</summary>
    public void RateLimited(TimeSpan retryAfter, bool global) => _limiter.RateLimited(this, retryAfter, global);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _limiter.Release(Bucket);
        }
    }
}
