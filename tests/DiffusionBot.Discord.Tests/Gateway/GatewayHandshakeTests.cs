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
        var started = DateTimeOffset.UtcNow;
        await using var harness = await GatewayHarness.StartAsync(ct, g => g.HeartbeatInterval = interval, random: 0.5);
        await harness.WaitForReadyAsync(ct);

        var seq = await harness.Gateway.SendDispatchAsync("MESSAGE_REACTION_ADD", MessageReactions.Add(1), ct);
        await harness.Events.WaitForAsync<MessageReactionAddEvent>(Timeout, ct);
        await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(1).Any(f => f.D.ValueKind == JsonValueKind.Number && f.D.GetInt64() == seq), Timeout, ct);
        await harness.Gateway.WaitForAsync(g => g.ReceivedWithOp(1).Count >= 4, Timeout, ct);

        var beats = harness.Gateway.ReceivedWithOp(1);
        var identifyAt = harness.Gateway.ReceivedWithOp(2)[0].ReceivedAt;
        // First beat after interval x jitter (0.5), never before.
        Assert.True(beats[0].ReceivedAt - identifyAt >= TimeSpan.FromMilliseconds(140), $"first beat {(beats[0].ReceivedAt - identifyAt).TotalMilliseconds} ms after IDENTIFY");
        Assert.True(beats[0].ReceivedAt - started >= TimeSpan.FromMilliseconds(150));
        // Sequence numbers only grow, and the beat after the dispatch reports it.
        var sequences = beats.Where(b => b.D.ValueKind == JsonValueKind.Number).Select(b => b.D.GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
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

        await WaitUntilWaitingForSessionStartAsync(harness, StubEndpointSource.ResetAfter, ct);
        time.Advance(StubEndpointSource.ResetAfter - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, harness.Gateway.ConnectionCount); // reset_after has not passed: no connection, no IDENTIFY
        await FakeClock.AdvanceUntilAsync(time, LateTimerSlack, () => harness.Gateway.ReceivedWithOp(2).Count > 0, ct);
    }

    [Fact]
    public async Task GatewayBot_NoGatewayUrlConfigured_UsesRestUrlAndWaitsOutExhaustedSessionStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = DateTimeOffset.UtcNow;
        await using var harness = await GatewayHarness.StartAsync(
            ct,
            g => g.SessionStartLimit = new FakeDiscord.Gateway.FakeSessionStartLimit(1000, 0, 300, 1),
            c => c["Discord:GatewayUrl"] = null);

        await harness.WaitForReadyAsync(ct);

        var identify = Assert.Single(harness.Gateway.ReceivedWithOp(2));
        Assert.True(identify.ReceivedAt - started >= TimeSpan.FromMilliseconds(300), $"identified after {(identify.ReceivedAt - started).TotalMilliseconds} ms");
        Assert.Equal(1, harness.Gateway.GatewayBotRequests);
        Assert.Equal("/gateway", harness.Gateway.Connections[0].Path);
    }

    /// <summary>More than the wait above.</summary>
    private static readonly TimeSpan LateTimerSlack = TimeSpan.FromSeconds(1);

    private static Task WaitUntilWaitingForSessionStartAsync(GatewayHarness harness, TimeSpan wait, CancellationToken ct) =>
        EventRecorder.WaitUntilAsync(
            () => harness.LogRecords.Any(r => r.Message.Contains($"waiting {wait.TotalMilliseconds} ms before IDENTIFY", StringComparison.Ordinal)), Timeout, ct);
}
