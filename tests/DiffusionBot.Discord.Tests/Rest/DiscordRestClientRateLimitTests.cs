using Xunit;
using System.Net;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Discord.Tests.Rest.RestHarness;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class DiscordRestClientRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentRequests_429StormWithGlobalLimit_EachDeliveredExactlyOnceNeverIntoExhaustedBucket()
    {
        await using var h = await StartAsync(Ct);
        var rest = h.Server.Rest;
        rest.SimulateBucket(FakeRestApi.CreateMessage, limit: 3, resetAfter: TimeSpan.FromMilliseconds(250), hash: "bucket-create");
        rest.Script(
            FakeRestApi.CreateMessage,
            ScriptedResponse.RateLimited(TimeSpan.FromMilliseconds(200), bucket: "bucket-create"),
            ScriptedResponse.RateLimited(TimeSpan.FromMilliseconds(300), global: true));
        rest.Script(FakeRestApi.EditMessage, ScriptedResponse.RateLimited(TimeSpan.FromMilliseconds(100)));

        var creates = Enumerable.Range(0, 16).Select(i =>
            h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = $"create-{i}" }, null, Ct));
        var edits = Enumerable.Range(0, 6).Select(i =>
            h.Client.EditMessageAsync(ChannelId + 1, (ulong)(500 + i), new MessageEdit { Content = $"edit-{i}" }, null, Ct));
        var callbacks = Enumerable.Range(0, 4).Select(i =>
            h.Client.CreateInteractionResponseAsync((ulong)(900 + i), InteractionToken + i, InteractionResponse.Defer(), null, Ct));
        await Task.WhenAll([.. creates, .. edits, .. callbacks]);

        var delivered = rest.Requests.Where(r => r.StatusCode is >= 200 and < 300).ToList();
        Assert.Equal(
            Enumerable.Range(0, 16).Select(i => $"create-{i}").Order(),
            delivered.Where(r => r.Route == FakeRestApi.CreateMessage).Select(r => (string)r.Json!["content"]!).Order());
        Assert.Equal(
            Enumerable.Range(0, 6).Select(i => $"edit-{i}").Order(),
            delivered.Where(r => r.Route == FakeRestApi.EditMessage).Select(r => (string)r.Json!["content"]!).Order());
        Assert.Equal(4, delivered.Count(r => r.Route == FakeRestApi.InteractionCallback));
        Assert.Equal(3, rest.Requests.Count(r => r.StatusCode == 429));
        Assert.Equal(0, rest.BucketViolations);
        Assert.Equal(0, rest.GlobalViolations);
    }

    [Fact]
    public async Task SequentialBurst_BucketHeadersSayTwoPerWindow_ThirdRequestWaitsForReset()
    {
        await using var h = await StartAsync(Ct);
        var window = TimeSpan.FromMilliseconds(400);
        h.Server.Rest.SimulateBucket(FakeRestApi.CreateMessage, limit: 2, resetAfter: window, hash: "bucket-2");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = $"m{i}" }, null, Ct)));

        var requests = h.Server.Rest.Requests;
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(0, h.Server.Rest.BucketViolations);
        // Two per window: five requests need three windows, so the last comes at least two windows after the first.
        Assert.True(requests[4].ReceivedAt - requests[0].ReceivedAt >= 2 * window - TimeSpan.FromMilliseconds(10));
        Assert.Equal(
            ["m0", "m1", "m2", "m3", "m4"],
            requests.Select(r => (string)r.Json!["content"]!).Order());
    }

    [Fact]
    public async Task RequestsToOneBucket_QueuedInOrder_AreSentFirstComeFirstServed()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.CreateMessage, new ScriptedResponse(200, """{"id":"1","channel_id":"1"}""", Delay: TimeSpan.FromMilliseconds(100)));

        // No pause between the calls is needed: each call takes its place in the bucket's line before its first
        // await (the first one holds the bucket while its answer is delayed), so call order is queue order.
        var calls = new List<Task<Message>>();
        for (var i = 0; i < 6; i++)
        {
            calls.Add(h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = i.ToString() }, null, Ct));
        }

        var firstAnswered = await h.Server.Rest.WaitForRequestAsync(r => r.StatusCode == 200, TimeSpan.FromSeconds(10), Ct);
        await Task.WhenAll(calls);

        Assert.Equal("0", (string?)firstAnswered.Json!["content"]);

        Assert.Equal(["0", "1", "2", "3", "4", "5"], h.Server.Rest.Requests.Select(r => (string)r.Json!["content"]!));
    }

    [Fact]
    public async Task DeleteMessageAsync_TwoServerErrors_RetriesUntilSuccess()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.DeleteMessage, ScriptedResponse.ServerError(502), ScriptedResponse.ServerError(503));

        await h.Client.DeleteMessageAsync(ChannelId, 5, Ct);

        Assert.Equal([502, 503, 204], h.Server.Rest.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task CreateMessageAsync_PersistentServerErrors_GivesUpAfterBoundedRetries()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.CreateMessage, Enumerable.Repeat(ScriptedResponse.ServerError(500), 10));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "x" }, null, Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(4, h.Server.Rest.Requests.Count);
    }

    [Fact]
    public async Task AllCalls_WithErrorsAndRateLimits_NeverLogTokensNorUseHttpClientFactoryLogging()
    {
        await using var h = await StartAsync(Ct);
        var rest = h.Server.Rest;
        rest.Script(FakeRestApi.EditOriginal, ScriptedResponse.RateLimited(TimeSpan.FromMilliseconds(50)), ScriptedResponse.ServerError(502));
        rest.Script(FakeRestApi.CreateFollowup, ScriptedResponse.Error(400, 50035, "Invalid Form Body"));

        await h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, InteractionResponse.Defer(), null, Ct);
        await h.Client.EditOriginalResponseAsync(AppId, InteractionToken, new MessageEdit { Content = "x" }, null, Ct);
        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.CreateFollowupMessageAsync(AppId, InteractionToken, new MessageCreate { Content = "y" }, null, Ct));
        await h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "z" }, null, Ct);

        var logs = h.AllLogText();
        Assert.Contains("PATCH /webhooks/{application_id}/{interaction_token}/messages/@original", logs);
        Assert.Contains("rate limited", logs);
        Assert.DoesNotContain(InteractionToken, logs);
        Assert.DoesNotContain(BotToken, logs);
        Assert.DoesNotContain("System.Net.Http.HttpClient", logs);
        Assert.DoesNotContain(InteractionToken, error.ToString());
        Assert.Equal(50035, error.DiscordCode);
    }
}
