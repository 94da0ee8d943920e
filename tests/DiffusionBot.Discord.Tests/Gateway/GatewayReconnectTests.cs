using System.Text.Json;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class GatewayReconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Zombie_NoHeartbeatAck_ResumesOnResumeUrlAndReplaysMissedEventsInOrderOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var interval = TimeSpan.FromMilliseconds(300);
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(
            ct, g => g.HeartbeatInterval = interval, random: 0.5, services: s => s.AddSingleton<TimeProvider>(time));
        var ready = await harness.WaitForReadyAsync(ct);
        var live = await harness.Gateway.SendDispatchAsync("MESSAGE_REACTION_ADD", MessageReactions.Add(1), ct);
        await harness.Events.WaitForAsync<MessageReactionAddEvent>(Timeout, ct);

        harness.Gateway.StopAcking();
        harness.Gateway.AddMissedDispatch("MESSAGE_REACTION_ADD", MessageReactions.Add(2));
        harness.Gateway.AddMissedDispatch("MESSAGE_REACTION_ADD", MessageReactions.Add(3));
        harness.Gateway.AddMissedDispatch("MESSAGE_REACTION_ADD", MessageReactions.Add(4));
        // The first beat (after interval x jitter 0.5) goes unanswered; the next one finds no ACK and ends the connection.
        time.Advance(interval / 2);
        await harness.Gateway.WaitForFrameAsync(f => f.Op == 1, Timeout, ct);
        time.Advance(interval - OneMs);
        Assert.Equal(1, harness.Gateway.ConnectionCount);
        Assert.Empty(harness.LogLinesContaining("No HEARTBEAT_ACK"));
        time.Advance(OneMs);
        await harness.Events.WaitForAsync<ResumedEvent>(Timeout, ct);

        var resume = Assert.Single(harness.Gateway.ReceivedWithOp(6));
        Assert.Equal(1, resume.Connection);
        Assert.Equal(ready.SessionId, resume.D.GetProperty("session_id").GetString());
        Assert.Equal(live, resume.D.GetProperty("seq").GetInt64());
        Assert.Equal(GatewayHarness.Token, resume.D.GetProperty("token").GetString());
        Assert.Equal("/gateway-resume", harness.Gateway.Connections[1].Path);
        Assert.Equal("?v=10&encoding=json", harness.Gateway.Connections[1].Query);
        Assert.NotEqual(1000, harness.Gateway.Connections[0].ClientCloseCode);
        Assert.Single(harness.Gateway.ReceivedWithOp(2)); // never re-identified
        Assert.Single(harness.Gateway.ReceivedWithOp(1)); // the zombie was found without sending a second beat
        Assert.Equal([1UL, 2, 3, 4], harness.Events.Of<MessageReactionAddEvent>().Select(e => e.MessageId));
        Assert.Single(harness.LogLinesContaining("No HEARTBEAT_ACK"));

        // The resumed connection heartbeats with the replayed sequence, after its own jitter.
        time.Advance(interval / 2);
        var beat = await harness.Gateway.WaitForFrameAsync(f => f.Op == 1 && f.Connection == 1, Timeout, ct);
        Assert.Equal(harness.Gateway.Sequence, beat.D.GetInt64());
    }

    [Fact]
    public async Task ResumeUrlUnreachable_AfterMaxFailedResumes_IdentifiesAgainOnTheGatewayUrl()
    {
        var ct = TestContext.Current.CancellationToken;
        // Port 1 on loopback: nothing listens, so every resume attempt fails to connect.
        await using var harness = await GatewayHarness.StartAsync(ct, g => g.ResumeGatewayUrl = "ws://127.0.0.1:1/gateway-resume");
        await harness.WaitForReadyAsync(ct);

        await harness.Gateway.SendOpAsync(7, null, ct);
        await harness.Events.WaitUntilAsync(() => harness.Events.Of<ReadyEvent>().Count == 2, Timeout, ct);

        Assert.Equal(2, harness.Gateway.ReceivedWithOp(2).Count);
        Assert.Empty(harness.Gateway.ReceivedWithOp(6));
        Assert.Equal(2, harness.Gateway.ConnectionCount);
        Assert.Equal(
            DiscordGatewayClient.MaxFailedResumes,
            harness.LogRecords.Count(r => r.Message.Contains("Connecting to the Discord gateway at 127.0.0.1:1 (resume)", StringComparison.Ordinal)));
        Assert.Contains(harness.LogRecords, r => r.Message.Contains($"Gave up resuming the Discord session after {DiscordGatewayClient.MaxFailedResumes}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconnect_Op7_ClosesAndResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await GatewayHarness.StartAsync(ct);
        await harness.WaitForReadyAsync(ct);
        harness.Gateway.AddMissedDispatch("MESSAGE_REACTION_ADD", MessageReactions.Add(7));

        await harness.Gateway.SendOpAsync(7, null, ct);
        await harness.Events.WaitForAsync<ResumedEvent>(Timeout, ct);

        var resume = Assert.Single(harness.Gateway.ReceivedWithOp(6));
        Assert.Equal(1, resume.D.GetProperty("seq").GetInt64());
        Assert.Equal(7UL, Assert.Single(harness.Events.Of<MessageReactionAddEvent>()).MessageId);
        Assert.Equal(2, harness.Gateway.ConnectionCount);
        Assert.Equal(4000, harness.Gateway.Connections[0].ClientCloseCode);
    }

    [Fact]
    public async Task InvalidSession_Resumable_ResumesAfterOneToFiveSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(ct, random: 0.0, services: s => s.AddSingleton<TimeProvider>(time));
        await harness.WaitForReadyAsync(ct);

        await harness.Gateway.SendOpAsync(9, JsonValue(true), ct);
        await WaitUntilWaitingAsync(harness, "1000 ms", ct);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, harness.Gateway.ConnectionCount); // the protocol's 1 s has not passed
        time.Advance(OneMs);
        await harness.Gateway.WaitForFrameAsync(f => f.Op == 6, Timeout, ct);

        Assert.Single(harness.Gateway.ReceivedWithOp(2));
        await harness.Events.WaitForAsync<ResumedEvent>(Timeout, ct);
    }

    [Fact]
    public async Task InvalidSession_NotResumable_IdentifiesAfresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(ct, random: 0.0, services: s => s.AddSingleton<TimeProvider>(time));
        var first = await harness.WaitForReadyAsync(ct);

        await harness.Gateway.SendOpAsync(9, JsonValue(false), ct);
        await WaitUntilWaitingAsync(harness, "1000 ms", ct);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, harness.Gateway.ConnectionCount);
        time.Advance(OneMs);
        var second = await harness.Events.WaitForAsync<ReadyEvent>(r => r.SessionId != first.SessionId, Timeout, ct);

        Assert.Equal(2, harness.Gateway.ReceivedWithOp(2).Count);
        Assert.Empty(harness.Gateway.ReceivedWithOp(6));
        Assert.Equal(harness.Gateway.SessionId, second.SessionId);
    }

    [Fact]
    public async Task FatalClose_AuthenticationFailed_StopsHostWithOneClearLogLineAndNoReconnect()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await GatewayHarness.StartAsync(ct, g => g.AutoReady = false);
        await harness.Gateway.WaitForFrameAsync(f => f.Op == 2, Timeout, ct);

        await harness.Gateway.CloseAsync(4004, "Authentication failed.", ct);
        await harness.WaitForStoppingAsync(Timeout, ct);
        // The gateway client has returned for good: no reconnect can follow (no sleep needed to see one not happen).
        var client = harness.Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DiscordGatewayClient>().Single();
        await client.ExecuteTask!.WaitAsync(Timeout, ct);

        Assert.Equal(1, harness.Gateway.ConnectionCount);
        Assert.False(harness.Host.Services.GetRequiredService<IDiscordGatewayState>().IsConnected);
        var fatal = Assert.Single(harness.LogRecords, r => r.Level >= LogLevel.Error);
        Assert.Equal(LogLevel.Critical, fatal.Level);
        Assert.Contains("4004", fatal.Message, StringComparison.Ordinal);
        Assert.Contains("Discord__Token", fatal.Message, StringComparison.Ordinal);
        Assert.Contains("rejected the token", fatal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4013, "Discord:Intents")]
    [InlineData(4014, "privileged intent")]
    [InlineData(4011, "sharding")]
    public async Task FatalClose_OtherFatalCodes_StopHostWithHint(int code, string hint)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await GatewayHarness.StartAsync(ct, g => g.AutoReady = false);
        await harness.Gateway.WaitForFrameAsync(f => f.Op == 2, Timeout, ct);

        await harness.Gateway.CloseAsync(code, "nope", ct);
        await harness.WaitForStoppingAsync(Timeout, ct);

        var fatal = Assert.Single(harness.LogRecords, r => r.Level >= LogLevel.Error);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), fatal.Message, StringComparison.Ordinal);
        Assert.Contains(hint, fatal.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Gateway.ConnectionCount);
    }

    [Fact]
    public async Task NonFatalClose_UnknownError_ReconnectsWithBackoffAndResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(ct, random: 0.0, services: s => s.AddSingleton<TimeProvider>(time));
        await harness.WaitForReadyAsync(ct);

        await harness.Gateway.CloseAsync(4000, "Unknown error", ct);
        // Backoff: Discord:ReconnectBackoffMin (50 ms) before reconnecting.
        await WaitUntilWaitingAsync(harness, "50 ms", ct);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(1, harness.Gateway.ConnectionCount);
        time.Advance(OneMs);
        await harness.Gateway.WaitForFrameAsync(f => f.Op == 6, Timeout, ct);
        await harness.Events.WaitForAsync<ResumedEvent>(Timeout, ct);

        Assert.Equal(2, harness.Gateway.ConnectionCount);
        Assert.False(harness.Lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task NonFatalClose_Repeated_BackoffGrowsUpToMaximum()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        // The fake never sends READY, so no session is established and failures accumulate. Jitter at its top (1.0).
        await using var harness = await GatewayHarness.StartAsync(
            ct, g => g.AutoReady = false, random: 1.0, services: s => s.AddSingleton<TimeProvider>(time));
        // min 50 ms, max 200 ms: doubling from the minimum, capped at the maximum.
        int[] expected = [50, 100, 200, 200];
        for (var i = 0; i < expected.Length; i++)
        {
            await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(2).Count == i + 1, Timeout, ct);
            await harness.Gateway.CloseAsync(4000, "again", ct);
            await harness.WaitForLogAsync("Reconnecting to the Discord gateway in", ct, count: i + 1);
            Assert.StartsWith($"Reconnecting to the Discord gateway in {expected[i]} ms", harness.LogLinesContaining("Reconnecting")[i], StringComparison.Ordinal);
            time.Advance(TimeSpan.FromMilliseconds(expected[i] - 1));
            Assert.Equal(i + 1, harness.Gateway.ConnectionCount);
            time.Advance(OneMs);
        }

        await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(2).Count == 5, Timeout, ct);
        Assert.Equal(5, harness.Gateway.ConnectionCount);
        Assert.Empty(harness.Gateway.ReceivedWithOp(6)); // no session to resume
    }

    [Fact]
    public async Task Close_SessionTimedOut_ReidentifiesInsteadOfResuming()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await GatewayHarness.StartAsync(ct);
        var first = await harness.WaitForReadyAsync(ct);

        await harness.Gateway.CloseAsync(4009, "Session timed out", ct);
        await harness.Events.WaitForAsync<ReadyEvent>(r => r.SessionId != first.SessionId, Timeout, ct);

        Assert.Empty(harness.Gateway.ReceivedWithOp(6));
        Assert.Equal(2, harness.Gateway.ReceivedWithOp(2).Count);
    }

    [Fact]
    public async Task SilentServer_NoHello_ReconnectsUntilHelloArrives()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var hello = TimeSpan.FromMilliseconds(200);
        await using var harness = await GatewayHarness.StartAsync(
            ct,
            g => g.SendHello = false,
            services: s => s.AddSingleton(new GatewayTimeouts(TimeSpan.FromSeconds(5), hello)).AddSingleton<TimeProvider>(time));

        await harness.WaitForLogAsync("waiting up to 200 ms for HELLO", ct);
        time.Advance(hello - OneMs);
        Assert.Empty(harness.LogLinesContaining("no valid HELLO"));
        time.Advance(OneMs);
        await WaitUntilWaitingAsync(harness, "50 ms", ct);
        Assert.Single(harness.LogLinesContaining("no valid HELLO"));
        Assert.Empty(harness.Gateway.Received);

        harness.Gateway.SendHello = true;
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(1, harness.Gateway.ConnectionCount);
        time.Advance(OneMs);
        await harness.WaitForReadyAsync(ct);
        Assert.Single(harness.Gateway.ReceivedWithOp(2));
        Assert.Equal(2, harness.Gateway.ConnectionCount);
    }

    private static System.Text.Json.Nodes.JsonValue JsonValue(bool value) => System.Text.Json.Nodes.JsonValue.Create(value);

    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    /// <summary>Waits until the client has decided to reconnect and logged how long it will wait (on the fake clock).</summary>
    private static Task WaitUntilWaitingAsync(GatewayHarness harness, string delay, CancellationToken ct) =>
        harness.WaitForLogsAsync(
            () => harness.LogRecords.Any(r => r.Message.StartsWith($"Reconnecting to the Discord gateway in {delay}", StringComparison.Ordinal)), Timeout, ct);
}
