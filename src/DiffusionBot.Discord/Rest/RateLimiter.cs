namespace DiffusionBot.Discord.Rest;

/// <summary>
/// Discord's rate limits (https://discord.com/developers/docs/topics/rate-limits): per-route buckets keyed by route
/// template + major parameter, mapped to Discord's X-RateLimit-Bucket hash once a response reveals it; one request
/// per bucket at a time, served first come first served; never sends into a bucket known to be exhausted before its
/// reset; a global 429 pauses every non-interaction route. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RateLimiter(TimeProvider timeProvider)
{
    /// <summary>How often idle buckets whose exhaustion has expired are dropped (each interaction token has its own buckets).</summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _sync = new();
    private readonly Dictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hashByTemplate = new(StringComparer.Ordinal);
    private DateTimeOffset _globalResumeAt = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweepAt = DateTimeOffset.MinValue;

    /// <summary>Number of buckets currently tracked (idle, non-exhausted buckets are forgotten).</summary>
    public int TrackedBucketCount
    {
        get
        {
            lock (_sync)
            {
                return _buckets.Values.Distinct().Count();
            }
        }
    }

    /// <summary>The bucket hash Discord reported for a route template, if any.</summary>
    public string? GetKnownHash(string template)
    {
        lock (_sync)
        {
            return _hashByTemplate.GetValueOrDefault(template);
        }
    }

    /// <summary>Waits for this bucket's turn (FIFO), then until it may send. Dispose the lease when done.</summary>
    public async Task<RateLimitLease> AcquireAsync(RestRoute route, CancellationToken cancellationToken)
    {
        RateLimitBucket bucket;
        TaskCompletionSource? turn = null;
        lock (_sync)
        {
            SweepIdleBuckets();
            var key = _hashByTemplate.TryGetValue(route.Template, out var hash) ? hash + "|" + route.MajorParameter : route.TemplateKey;
            if (!_buckets.TryGetValue(key, out bucket!))
            {
                bucket = new RateLimitBucket(key);
                _buckets[key] = bucket;
            }

            bucket.Users++;
            if (bucket.Held)
            {
                turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                bucket.Waiters.AddLast(turn);
            }
            else
            {
                bucket.Held = true;
            }
        }

        if (turn is not null)
        {
            try
            {
                await turn.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                bool granted;
                lock (_sync)
                {
                    granted = !bucket.Waiters.Remove(turn);
                    if (!granted)
                    {
                        bucket.Users--;
                    }
                }

                if (granted)
                {
                    Release(bucket);
                }

                throw;
            }
        }

        var lease = new RateLimitLease(this, bucket, route);
        try
        {
            await lease.WaitUntilSendableAsync(cancellationToken);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        return lease;
    }

    internal async Task WaitUntilSendableAsync(RateLimitLease lease, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan delay;
            lock (_sync)
            {
                var now = timeProvider.GetUtcNow();
                var bucket = lease.Bucket;
                if (bucket.Remaining is <= 0 && now >= bucket.ResetAt)
                {
                    bucket.Remaining = null;
                }

                var until = bucket.IsExhaustedAt(now) ? bucket.ResetAt : DateTimeOffset.MinValue;
                if (!lease.Route.ExemptFromGlobalLimit && _globalResumeAt > until)
                {
                    until = _globalResumeAt;
                }

                delay = until - now;
            }

            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    internal void Update(RateLimitLease lease, RateLimitHeaders headers)
    {
        lock (_sync)
        {
            var bucket = lease.Bucket;
            if (headers.Bucket is { Length: > 0 } hash)
            {
                _hashByTemplate[lease.Route.Template] = hash;
                var hashKey = hash + "|" + lease.Route.MajorParameter;
                if (_buckets.TryAdd(hashKey, bucket))
                {
                    bucket.Keys.Add(hashKey);
                }
            }

            if (headers.Remaining is { } remaining && headers.ResetAfter is { } resetAfter)
            {
                bucket.Remaining = remaining;
                bucket.ResetAt = timeProvider.GetUtcNow() + resetAfter;
            }
        }
    }

    internal void RateLimited(RateLimitLease lease, TimeSpan retryAfter, bool global)
    {
        lock (_sync)
        {
            var until = timeProvider.GetUtcNow() + retryAfter;
            if (global && until > _globalResumeAt)
            {
                _globalResumeAt = until;
            }

            // The rate-limited request itself waits retry_after in any case, even on a route exempt from the global limit.
            lease.Bucket.Remaining = 0;
            if (until > lease.Bucket.ResetAt)
            {
                lease.Bucket.ResetAt = until;
            }
        }
    }

    internal void Release(RateLimitBucket bucket)
    {
        lock (_sync)
        {
            bucket.Users--;
            var next = bucket.Waiters.First;
            if (next is not null)
            {
                bucket.Waiters.RemoveFirst();
                next.Value.TrySetResult();
                return;
            }

            bucket.Held = false;
            if (bucket.Users == 0 && !bucket.IsExhaustedAt(timeProvider.GetUtcNow()))
            {
                Forget(bucket);
            }
        }
    }

    /// <summary>
    /// A bucket left exhausted by its last request stays (so the next one waits) until the sweep after its reset:
    /// without it, every interaction token's exhausted webhook bucket would be kept forever. Called under the lock.
    /// </summary>
    private void SweepIdleBuckets()
    {
        var now = timeProvider.GetUtcNow();
        if (now < _nextSweepAt)
        {
            return;
        }

        _nextSweepAt = now + SweepInterval;
        foreach (var bucket in _buckets.Values.Where(b => b.Users == 0 && !b.IsExhaustedAt(now)).Distinct().ToList())
        {
            Forget(bucket);
        }
    }

    private void Forget(RateLimitBucket bucket)
    {
        foreach (var key in bucket.Keys)
        {
            if (_buckets.TryGetValue(key, out var existing) && ReferenceEquals(existing, bucket))
            {
                _buckets.Remove(key);
            }
        }
    }
}
