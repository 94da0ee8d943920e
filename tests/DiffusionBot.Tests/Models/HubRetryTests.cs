using System.Net;
using System.Threading.Channels;
using DiffusionBot.Models.Hub;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Tests.Models;

public sealed class HubRetryTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task RunAsync_DroppedTwice_WaitsTheDelayThenTwiceItOnTheClockAndSucceeds()
    {
        var time = new DelayRecordingTime();
        var notices = new List<string>();
        var retry = new HubRetry(new HubOptions { MaxAttempts = 3, RetryDelay = Delay }, time, notices.Add);
        var calls = 0;
        var ct = TestContext.Current.CancellationToken;

        var running = retry.RunAsync("the list", _ => ++calls <= 2 ? throw new HttpIOException(HttpRequestError.ResponseEnded) : Task.FromResult(calls),
            (_, ex) => ex, ct);

        Assert.Equal(Delay, await time.Delays.Reader.ReadAsync(ct));
        time.Advance(Delay - TimeSpan.FromTicks(1));
        Assert.Equal(1, calls);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(2 * Delay, await time.Delays.Reader.ReadAsync(ct));
        Assert.Equal(2, calls);
        time.Advance(2 * Delay);
        Assert.Equal(3, await running);
        Assert.Equal(2, notices.Count);
        Assert.Contains("Retrying in 4 s (attempt 3 of 3)", notices[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeepsFailing_ThrowsWhatGiveUpMakesAfterMaxAttempts()
    {
        var retry = new HubRetry(new HubOptions { MaxAttempts = 2, RetryDelay = TimeSpan.Zero }, TimeProvider.System, _ => { });
        var calls = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => retry.RunAsync("x",
            _ => { calls++; throw new HttpRequestException("down", null, HttpStatusCode.BadGateway); },
            (attempts, ex) => new InvalidOperationException($"{attempts}: {ex.Message}"), TestContext.Current.CancellationToken));

        Assert.Equal(2, calls);
        Assert.Equal("2: down", error.Message);
    }

    [Fact]
    public async Task RunAsync_RefusedForGood_IsNotRetried()
    {
        var retry = new HubRetry(new HubOptions { MaxAttempts = 5, RetryDelay = TimeSpan.Zero }, TimeProvider.System, _ => { });
        var calls = 0;

        await Assert.ThrowsAsync<HubAccessException>(() => retry.RunAsync("x",
            _ => { calls++; throw new HubAccessException("gated"); }, (_, ex) => ex, TestContext.Current.CancellationToken));

        Assert.Equal(1, calls);
    }

    /// <summary>A fake clock that reports each timer's due time when it is created (what <c>Task.Delay</c> asks for).</summary>
    private sealed class DelayRecordingTime : FakeTimeProvider
    {
        public Channel<TimeSpan> Delays { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Delays.Writer.TryWrite(dueTime);
            return timer;
        }
    }
}
