using System.Text.Json.Nodes;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Tests.Models;
using DiffusionBot.FakeDiscord.Rest;
using Xunit;
using static DiffusionBot.Discord.Tests.Rest.RestHarness;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class DiscordRestClientAutocompleteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateInteractionResponseAsync_AutocompleteResult_PostsTheRecordedType8Body()
    {
        await using var h = await StartAsync(Ct);

        await h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, InteractionResponse.AutocompleteResult(
        [
            ApplicationCommandOptionChoice.Of("sd15 — SD 1.x · 512×512 · the classic", "sd15"),
            ApplicationCommandOptionChoice.Of("sdxl — SDXL · 1024×1024 · photoreal", "sdxl"),
        ]), null, Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal(FakeRestApi.InteractionCallback, request.Route);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SampleFiles.Read("interaction-response.autocomplete.json")), request.Json), request.Body);
        Assert.Equal([("sd15 — SD 1.x · 512×512 · the classic", "sd15"), ("sdxl — SDXL · 1024×1024 · photoreal", "sdxl")], request.AutocompleteChoices());
    }
}
