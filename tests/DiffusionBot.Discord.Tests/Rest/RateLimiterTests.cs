using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class RateLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static RestRoute CreateMessage(ulong channel) => RestRoute.Channel(HttpMethod.Post, "/messages", channel, "/messages");

    private static RestRoute DeleteMessage(ulong channel) => RestRoute.Channel(HttpMethod.Delete, "/messages/{message_id}", channel, "/messages/1");

    private static RateLimitHeaders Headers(int remaining, double resetAfterSeconds, string? bucket = null) =>
        new() { Limit = 5, Remaining = remaining, ResetAfter = TimeSpan.FromSeconds(resetAfterSeconds), Bucket = bucket };

    [Fact]
    public async Task AcquireAsync_UnknownBucket_CompletesAtOnce()
    {
        var limiter = new RateLimiter(_time);

        var task = limiter.AcquireAsync(CreateMessage(1), Ct);

        Assert.True(task.IsCompletedSuccessfully);
        (await task).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_BucketExhausted_WaitsUntilResetAfter()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 0, resetAfterSeconds: 2));
        }

        var next = limiter.AcquireAsync(CreateMessage(1), Ct);
        _time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await next.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_RemainingAboveZero_DoesNotWait()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 1, resetAfterSeconds: 10));
        }

        var next = limiter.AcquireAsync(CreateMessage(1), Ct);

        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_OtherMajorParameter_IsAnotherBucket()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 0, resetAfterSeconds: 10, bucket: "h"));
        }

        var otherChannel = limiter.AcquireAsync(CreateMessage(2), Ct);
        var sameChannel = limiter.AcquireAsync(CreateMessage(1), Ct);

        Assert.True(otherChannel.IsCompletedSuccessfully);
        Assert.False(sameChannel.IsCompleted);
        (await otherChannel).Dispose();
        _time.Advance(TimeSpan.FromSeconds(10));
        (await sameChannel.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_TwoRoutesShareBucketHash_ExhaustionOfOneHoldsBackTheOther()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 3, resetAfterSeconds: 5, bucket: "shared"));
        }

        using (var lease = await limiter.AcquireAsync(DeleteMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 2, resetAfterSeconds: 5, bucket: "shared"));
        }

        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 0, resetAfterSeconds: 5, bucket: "shared"));
        }

        var delete = limiter.AcquireAsync(DeleteMessage(1), Ct);

        Assert.Equal("shared", limiter.GetKnownHash(DeleteMessage(1).Template));
        Assert.False(delete.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        (await delete.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_BucketHeld_WaitersAreServedFirstComeFirstServed()
    {
        var limiter = new RateLimiter(_time);
        var holder = await limiter.AcquireAsync(CreateMessage(1), Ct);
        var first = limiter.AcquireAsync(CreateMessage(1), Ct);
        var second = limiter.AcquireAsync(CreateMessage(1), Ct);
        var third = limiter.AcquireAsync(CreateMessage(1), Ct);

        Assert.False(first.IsCompleted);
        holder.Dispose();
        var firstLease = await first.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        firstLease.Dispose();
        var secondLease = await second.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(third.IsCompleted);
        secondLease.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_NextWaiterStillServed()
    {
        var limiter = new RateLimiter(_time);
        var holder = await limiter.AcquireAsync(CreateMessage(1), Ct);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(CreateMessage(1), cancel.Token);
        var next = limiter.AcquireAsync(CreateMessage(1), Ct);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();

        (await next.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
        Assert.Equal(0, limiter.TrackedBucketCount);
    }

    [Fact]
    public async Task RateLimited_Global_PausesOtherRoutesButNotInteractionCallbacks()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.RateLimited(TimeSpan.FromSeconds(3), global: true);
        }

        var otherRoute = limiter.AcquireAsync(DeleteMessage(9), Ct);
        var callback = limiter.AcquireAsync(RestRoute.Interaction(HttpMethod.Post, 1, "token"), Ct);

        Assert.True(callback.IsCompletedSuccessfully);
        Assert.False(otherRoute.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(3));
        (await otherRoute.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
        (await callback).Dispose();
    }

    [Fact]
    public async Task RateLimited_GlobalOnExemptRoute_HolderStillWaitsRetryAfter()
    {
        var limiter = new RateLimiter(_time);
        using var lease = await limiter.AcquireAsync(RestRoute.Interaction(HttpMethod.Post, 1, "token"), Ct);

        lease.RateLimited(TimeSpan.FromSeconds(1), global: true);
        var resend = lease.WaitUntilSendableAsync(Ct);

        Assert.False(resend.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await resend.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task RateLimited_Bucket_HolderWaitsRetryAfterBeforeResending()
    {
        var limiter = new RateLimiter(_time);
        using var lease = await limiter.AcquireAsync(CreateMessage(1), Ct);

        lease.RateLimited(TimeSpan.FromMilliseconds(750), global: false);
        var resend = lease.WaitUntilSendableAsync(Ct);

        Assert.False(resend.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(750));
        await resend.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Release_IdleBucketNotExhausted_IsForgotten()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 4, resetAfterSeconds: 1, bucket: "h"));
        }

        using (var lease = await limiter.AcquireAsync(CreateMessage(2), Ct))
        {
            lease.Update(Headers(remaining: 0, resetAfterSeconds: 1, bucket: "h"));
        }

        Assert.Equal(1, limiter.TrackedBucketCount);
    }

    [Fact]
    public async Task AcquireAsync_AfterExhaustedIdleBucketsReset_ForgetsThem()
    {
        var limiter = new RateLimiter(_time);
        for (var token = 0; token < 50; token++)
        {
            using var lease = await limiter.AcquireAsync(RestRoute.Webhook(HttpMethod.Patch, "/messages/@original", 1, $"token-{token}", "/messages/@original"), Ct);
            lease.Update(Headers(remaining: 0, resetAfterSeconds: 5, bucket: "webhook"));
        }

        Assert.Equal(50, limiter.TrackedBucketCount);

        _time.Advance(RateLimiter.SweepInterval);
        using (await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            Assert.Equal(1, limiter.TrackedBucketCount);
        }

        Assert.Equal(0, limiter.TrackedBucketCount);
    }

    [Fact]
    public async Task AcquireAsync_SweepWhileBucketStillExhausted_KeepsIt()
    {
        var limiter = new RateLimiter(_time);
        using (var lease = await limiter.AcquireAsync(CreateMessage(1), Ct))
        {
            lease.Update(Headers(remaining: 0, resetAfterSeconds: 120));
        }

        _time.Advance(RateLimiter.SweepInterval);
        using (await limiter.AcquireAsync(CreateMessage(2), Ct))
        {
        }

        Assert.Equal(1, limiter.TrackedBucketCount);
        var blocked = limiter.AcquireAsync(CreateMessage(1), Ct);
        Assert.False(blocked.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(61));
        (await blocked.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public void Parse_DiscordHeaders_ReadsAllFields()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.Add("X-RateLimit-Limit", "5");
        response.Headers.Add("X-RateLimit-Remaining", "0");
        response.Headers.Add("X-RateLimit-Reset-After", "1.250");
        response.Headers.Add("X-RateLimit-Bucket", "abcd1234");
        response.Headers.Add("X-RateLimit-Global", "true");
        response.Headers.Add("X-RateLimit-Scope", "shared");
        response.Headers.Add("Retry-After", "2");

        var headers = RateLimitHeaders.Parse(response.Headers);

        Assert.Equal(
            new RateLimitHeaders
            {
                Limit = 5,
                Remaining = 0,
                ResetAfter = TimeSpan.FromMilliseconds(1250),
                Bucket = "abcd1234",
                Global = true,
                Scope = "shared",
                RetryAfter = TimeSpan.FromSeconds(2),
            },
            headers);
    }
}
