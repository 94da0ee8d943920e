using System.Net;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;
using DiffusionBot.FakeDiscord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DiffusionBot.Discord.Tests.Rest.RestHarness;

namespace DiffusionBot.Discord.Tests.Rest;

/// <summary>
/// A 5xx (or a dropped connection) leaves unknown whether Discord acted. Only requests that cannot act twice are sent
/// again: never a second follow-up message, never a second channel message, and a repeated interaction callback that
/// Discord answers "already acknowledged" means the first one landed.
/// </summary>
public sealed class DiscordRestClientRepeatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateInteractionResponseAsync_ServerErrorThenAlreadyAcknowledged_Succeeds()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(
            FakeRestApi.InteractionCallback,
            ScriptedResponse.ServerError(502),
            ScriptedResponse.Error(400, 40060, "Interaction has already been acknowledged."));

        await h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, InteractionResponse.Defer(), null, Ct);

        Assert.Equal([502, 400], h.Server.Rest.Requests.Select(r => r.StatusCode));
        Assert.Contains("earlier attempt was processed", h.AllLogText());
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_AlreadyAcknowledgedOnFirstAttempt_Throws()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.InteractionCallback, ScriptedResponse.Error(400, 40060, "Interaction has already been acknowledged."));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, InteractionResponse.Defer(), null, Ct));

        Assert.Equal(40060, error.DiscordCode);
        Assert.Single(h.Server.Rest.Requests);
    }

    [Fact]
    public async Task CreateFollowupMessageAsync_ServerError_IsNotSentAgain()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.CreateFollowup, ScriptedResponse.ServerError(500), ScriptedResponse.ServerError(500));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateFollowupMessageAsync(AppId, InteractionToken, new MessageCreate { Content = "once" }, null, Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Single(h.Server.Rest.Requests);
    }

    [Fact]
    public async Task CreateMessageAsync_ServerError_RepeatsWithTheSameEnforcedNonce()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.CreateMessage, ScriptedResponse.ServerError(500));

        await h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "image" }, null, Ct);
        await h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "next" }, null, Ct);

        var requests = h.Server.Rest.Requests;
        Assert.Equal([500, 200, 200], requests.Select(r => r.StatusCode));
        var nonces = requests.Select(r => (string?)r.Json!["nonce"]).ToList();
        Assert.All(requests, r => Assert.True((bool)r.Json!["enforce_nonce"]!));
        Assert.False(string.IsNullOrEmpty(nonces[0]));
        Assert.True(nonces[0]!.Length <= 25);
        Assert.Equal(nonces[0], nonces[1]);
        Assert.NotEqual(nonces[1], nonces[2]);
    }

    [Fact]
    public async Task CreateMessageAsync_CallerNonceNotEnforced_IsNotSentAgain()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.CreateMessage, ScriptedResponse.ServerError(500));

        await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "x", Nonce = "mine" }, null, Ct));

        Assert.Equal("mine", (string?)Assert.Single(h.Server.Rest.Requests).Json!["nonce"]);
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_ConnectionRefused_RetriesThenThrowsWithoutToken()
    {
        // Port 1 on loopback: nothing listens, so every attempt is a transport error.
        await using var h = await StartAsync(Ct, o => o.ApiBaseUrl = "http://127.0.0.1:1/api/v10");

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, InteractionResponse.Defer(), null, Ct));

        Assert.Contains("POST /interactions/{interaction_id}/{interaction_token}/callback could not be sent", error.Message);
        Assert.DoesNotContain(InteractionToken, error.ToString());
        Assert.DoesNotContain(InteractionToken, h.AllLogText());
        Assert.Equal(3, h.Logs.GetSnapshot().Count(r => r.Message.Contains("could not be sent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CreateFollowupMessageAsync_HttpClientTimeout_ThrowsDiscordRestExceptionWithoutRepeating()
    {
        await using var h = await StartAsync(Ct, configureServices: s =>
            s.AddHttpClient(DiscordRestClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(1)));
        // The timeout also covers opening the connection, which takes a while on a loaded machine: 1 s leaves room for
        // that, and the fake's 30 s answer (abandoned when the client gives up) is never waited for.
        h.Server.Rest.Script(FakeRestApi.CreateFollowup, new ScriptedResponse(200, """{"id":"1","channel_id":"1"}""", Delay: TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateFollowupMessageAsync(AppId, InteractionToken, new MessageCreate { Content = "slow" }, null, Ct));

        Assert.Contains("could not be sent: timed out", error.Message);
        Assert.DoesNotContain(InteractionToken, error.ToString());
        Assert.Single(h.Server.Rest.Requests);
    }
}
