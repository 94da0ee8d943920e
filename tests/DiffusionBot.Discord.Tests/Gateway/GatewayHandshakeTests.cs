using Xunit;
using System.Text.Json;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class GatewayHandshakeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_Hello_IdentifiesAndDispatchesReadyEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await GatewayHarness.StartAsync(ct, configuration: c => c["Discord:Intents"] = "1025");

        var ready = await harness.WaitForReadyAsync(ct);

        var identify = await harness.Gateway.WaitForFrameAsync(f => f.Op == 2, Timeout, ct);
        Assert.Equal(GatewayHarness.Token, identify.D.GetProperty("token").GetString());
        Assert.Equal(1025, identify.D.GetProperty("intents").GetInt32());
        var properties = identify.D.GetProperty("properties");
        Assert.Equal("DiffusionBot", properties.GetProperty("browser").GetString());
        Assert.Equal("DiffusionBot", properties.GetProperty("device").GetString());
        Assert.False(string.IsNullOrEmpty(properties.GetProperty("os").GetString()));
        Assert.Equal("?v=10&encoding=json", harness.Gateway.Connections[0].Query);

        Assert.Equal(harness.Gateway.SessionId, ready.SessionId);
        Assert.Equal(harness.Gateway.ResumeGatewayUrl, ready.ResumeGatewayUrl);
        Assert.Equal(harness.Gateway.ApplicationId, ready.ApplicationId);
        Assert.Equal(harness.Gateway.BotUserId, ready.User.Id);
        Assert.Equal("DiffusionBot", ready.User.Username);
        Assert.Equal(10, ready.GatewayVersion);
        Assert.Equal(harness.Gateway.GuildIds, ready.GuildIds);

        var state = harness.Host.Services.GetRequiredService<IDiscordGatewayState>();
        Assert.Same(ready, await state.WaitForReadyAsync(ct));
        Assert.Equal(harness.Gateway.ApplicationId, state.Ready!.ApplicationId);
        Assert.True(state.IsConnected);
    }

    [Fact]
    public async Task StopAsync_Connected_ClosesWithNormalCloseFrame()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await GatewayHarness.StartAsync(ct);
        await harness.WaitForReadyAsync(ct);

        await harness.Host.StopAsync(ct);
        await harness.Gateway.WaitForAsync(g => g.Connections[0].Ended, Timeout, ct);

        Assert.Equal(1000, harness.Gateway.Connections[0].ClientCloseCode);
        Assert.Equal(1, harness.Gateway.ConnectionCount);
        Assert.DoesNotContain(harness.LogRecords, r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Heartbeat_AfterDispatches_CarriesLastSequenceAndStartsAfterJitter()
    {
        var ct = TestContext.Current.CancellationToken;
        var interval = TimeSpan.FromMilliseconds(300);
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(
            ct, g => g.HeartbeatInterval = interval, random: 0.5, services: s => s.AddSingleton<TimeProvider>(time));
        // READY (sequence 1) follows IDENTIFY, which the client sends after starting its heartbeat timer.
        await harness.WaitForReadyAsync(ct);

        // First beat after interval x jitter (0.5), never before.
        time.Advance(interval / 2 - OneMs);
        var first = await AssertNoRegularBeatAsync(harness, 1, ct);
        time.Advance(OneMs);
        await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(1).Count == 2, Timeout, ct);

        // Then every interval. (The fake ACKs a beat before recording it, and the dispatch below reaches the client
        // after that ACK: the next beat cannot find the connection a zombie.)
        time.Advance(interval - OneMs);
        var second = await AssertNoRegularBeatAsync(harness, 2, ct);
        time.Advance(OneMs);
        await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(1).Count == 4, Timeout, ct);

        // Each beat carries the last sequence the client had seen: requested beat, regular beat, requested, regular.
        Assert.Equal([first, first, second, second], harness.Gateway.ReceivedWithOp(1).Select(b => b.D.GetInt64()));
        Assert.Equal(1, harness.Gateway.ConnectionCount);
    }

    [Fact]
    public async Task ServerHeartbeatRequest_Op1_IsAnsweredAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        // A 20 s interval: the regular first beat is 10 s away, so any beat now answers op 1.
        await using var harness = await GatewayHarness.StartAsync(ct, g => g.HeartbeatInterval = TimeSpan.FromSeconds(20));
        await harness.WaitForReadyAsync(ct);
        Assert.Empty(harness.Gateway.ReceivedWithOp(1));

        var sentAt = DateTimeOffset.UtcNow;
        await harness.Gateway.SendOpAsync(1, null, ct);
        var beat = await harness.Gateway.WaitForFrameAsync(f => f.Op == 1, TimeSpan.FromSeconds(3), ct);

        Assert.Equal(1, beat.D.GetInt64()); // READY was sequence 1
        Assert.True(beat.ReceivedAt - sentAt < TimeSpan.FromSeconds(3));
        Assert.Single(harness.Gateway.ReceivedWithOp(1));
    }

    [Fact]
    public async Task SessionStartLimit_RemainingZero_WaitsResetAfterBeforeIdentify()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(
            ct,
            services: s => s.AddSingleton<IGatewayEndpointSource, StubEndpointSource>().AddSingleton<TimeProvider>(time));

        await harness.WaitForLogAsync($"waiting {StubEndpointSource.ResetAfter.TotalMilliseconds} ms before IDENTIFY", ct);
        time.Advance(StubEndpointSource.ResetAfter - OneMs);
        Assert.Equal(0, harness.Gateway.ConnectionCount); // reset_after has not passed: no connection, no IDENTIFY
        time.Advance(OneMs);
        await harness.Gateway.WaitForFrameAsync(f => f.Op == 2, Timeout, ct);
    }

    [Fact]
    public async Task GatewayBot_NoGatewayUrlConfigured_UsesRestUrlAndWaitsOutExhaustedSessionStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var harness = await GatewayHarness.StartAsync(
            ct,
            g => g.SessionStartLimit = new FakeDiscord.Gateway.FakeSessionStartLimit(1000, 0, 300, 1),
            c => c["Discord:GatewayUrl"] = null,
            s => s.AddSingleton<TimeProvider>(time));

        await harness.WaitForLogAsync("waiting 300 ms before IDENTIFY", ct);
        Assert.Equal(1, harness.Gateway.GatewayBotRequests);
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal(0, harness.Gateway.ConnectionCount);
        time.Advance(OneMs);
        await harness.WaitForReadyAsync(ct);

        Assert.Single(harness.Gateway.ReceivedWithOp(2));
        Assert.Equal(1, harness.Gateway.GatewayBotRequests);
        Assert.Equal("/gateway", harness.Gateway.Connections[0].Path);
    }

    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Checks that the last advance of the fake clock made the client send no heartbeat of its own: sends a dispatch,
    /// then asks for a beat (op 1), which carries the dispatch's sequence. A beat the advance had started would have
    /// been sent before these, so the fake would hold one more beat than the one it asked for. Returns the sequence.
    /// </summary>
    private static async Task<long> AssertNoRegularBeatAsync(GatewayHarness harness, ulong messageId, CancellationToken ct)
    {
        var beatsBefore = harness.Gateway.ReceivedWithOp(1).Count;
        var seq = await SendReactionAsync(harness, messageId, ct);
        await harness.Gateway.SendOpAsync(1, null, ct);
        await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(1).Any(b => b.D.GetInt64() == seq), Timeout, ct);
        Assert.Equal(beatsBefore + 1, harness.Gateway.ReceivedWithOp(1).Count);
        return seq;
    }

    /// <summary>Sends a reaction dispatch and waits until its handler ran; returns its sequence number.</summary>
    private static async Task<long> SendReactionAsync(GatewayHarness harness, ulong messageId, CancellationToken ct)
    {
        var seq = await harness.Gateway.SendDispatchAsync("MESSAGE_REACTION_ADD", MessageReactions.Add(messageId), ct);
        await harness.Events.WaitForAsync<MessageReactionAddEvent>(e => e.MessageId == messageId, Timeout, ct);
        return seq;
    }
}
