using Xunit;
using System.Text.Json.Nodes;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;
using DiffusionBot.FakeDiscord.Rest;
using Microsoft.Extensions.DependencyInjection;
using static DiffusionBot.Discord.Tests.Rest.RestHarness;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class DiscordRestClientRouteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateMessageAsync_Content_PostsJsonWithBotAuthorizationAndUserAgent()
    {
        await using var h = await StartAsync(Ct);

        var message = await h.Client.CreateMessageAsync(
            ChannelId,
            new MessageCreate
            {
                Content = "hello",
                AllowedMentions = AllowedMentions.None,
                Components = [MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Primary, "reroll:42", "Re-roll", Emoji.Unicode("🎲")))],
            },
            null, Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/api/v10/channels/{ChannelId}/messages", request.Path);
        Assert.Equal(FakeRestApi.CreateMessage, request.Route);
        Assert.Equal("Bot " + BotToken, request.Header("Authorization"));
        Assert.Equal("DiscordBot (https://example.invalid, 0.1)", request.Header("User-Agent"));
        Assert.StartsWith("application/json", request.ContentType);
        var json = request.Json!;
        Assert.Equal("hello", (string?)json["content"]);
        Assert.Empty(json["allowed_mentions"]!["parse"]!.AsArray());
        var button = json["components"]![0]!["components"]![0]!;
        Assert.Equal(2, (int?)button["type"]);
        Assert.Equal(1, (int?)button["style"]);
        Assert.Equal("reroll:42", (string?)button["custom_id"]);
        Assert.Equal("🎲", (string?)button["emoji"]!["name"]);
        Assert.Null(json["tts"]);
        Assert.Equal(ChannelId, message.ChannelId);
        Assert.Equal("hello", message.Content);
        Assert.NotEqual(0UL, message.Id);
    }

    [Fact]
    public async Task EditMessageAsync_Edit_PatchesMessageRoute()
    {
        await using var h = await StartAsync(Ct);

        var edited = await h.Client.EditMessageAsync(ChannelId, 77, new MessageEdit { Content = "edited", Components = [] }, null, Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal($"/api/v10/channels/{ChannelId}/messages/77", request.Path);
        Assert.Equal("edited", (string?)request.Json!["content"]);
        Assert.Empty(request.Json!["components"]!.AsArray());
        Assert.Equal(77UL, edited.Id);
    }

    [Fact]
    public async Task DeleteMessageAsync_Ids_SendsDeleteWithoutBody()
    {
        await using var h = await StartAsync(Ct);

        await h.Client.DeleteMessageAsync(ChannelId, 78, Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal($"/api/v10/channels/{ChannelId}/messages/78", request.Path);
        Assert.Null(request.Body);
        Assert.Equal(204, request.StatusCode);
    }

    [Fact]
    public async Task CreateReactionAsync_UnicodeAndCustomEmoji_AreUrlEncodedInPath()
    {
        await using var h = await StartAsync(Ct);

        await h.Client.CreateReactionAsync(ChannelId, 79, Emoji.Unicode("🎨"), Ct);
        await h.Client.CreateReactionAsync(ChannelId, 79, Emoji.Custom("upscale", 555), Ct);

        var requests = h.Server.Rest.Requests;
        Assert.All(requests, r => Assert.Equal("PUT", r.Method));
        Assert.Equal($"/api/v10/channels/{ChannelId}/messages/79/reactions/%F0%9F%8E%A8/@me", requests[0].RawTarget);
        Assert.Equal("🎨", requests[0].RouteValues["emoji"]);
        Assert.Equal("upscale:555", requests[1].RouteValues["emoji"]);
        Assert.EndsWith("/reactions/upscale%3A555/@me", requests[1].RawTarget);
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_DeferEphemeral_PostsCallbackWithoutBotToken()
    {
        await using var h = await StartAsync(Ct);

        await h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, InteractionResponse.Defer(ephemeral: true), null, Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/api/v10/interactions/{InteractionId}/{InteractionToken}/callback", request.Path);
        Assert.Null(request.Header("Authorization"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":5,"data":{"flags":64}}"""), request.Json));
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_Modal_SendsType9WithTextInputs()
    {
        await using var h = await StartAsync(Ct);
        var modal = InteractionResponse.ShowModal(
            "edit-prompt:7", "Edit prompt",
            MessageComponent.ActionRow(MessageComponent.TextInput("prompt", "Prompt", TextInputStyle.Paragraph, maxLength: 500)));

        await h.Client.CreateInteractionResponseAsync(InteractionId, InteractionToken, modal, null, Ct);

        var json = Assert.Single(h.Server.Rest.Requests).Json!;
        Assert.Equal(9, (int?)json["type"]);
        Assert.Equal("edit-prompt:7", (string?)json["data"]!["custom_id"]);
        Assert.Equal("Edit prompt", (string?)json["data"]!["title"]);
        var input = json["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal(4, (int?)input["type"]);
        Assert.Equal(2, (int?)input["style"]);
        Assert.Equal(500, (int?)input["max_length"]);
    }

    [Fact]
    public async Task OriginalResponseCalls_TokenRoute_UseWebhookPathsWithoutBotToken()
    {
        await using var h = await StartAsync(Ct);

        var fetched = await h.Client.GetOriginalResponseAsync(AppId, InteractionToken, Ct);
        var edited = await h.Client.EditOriginalResponseAsync(AppId, InteractionToken, new MessageEdit { Content = "done" }, null, Ct);
        await h.Client.DeleteOriginalResponseAsync(AppId, InteractionToken, Ct);

        var requests = h.Server.Rest.Requests;
        var path = $"/api/v10/webhooks/{AppId}/{InteractionToken}/messages/@original";
        Assert.Equal(["GET", "PATCH", "DELETE"], requests.Select(r => r.Method));
        Assert.All(requests, r => Assert.Equal(path, r.Path));
        Assert.All(requests, r => Assert.Null(r.Header("Authorization")));
        Assert.Equal("done", (string?)requests[1].Json!["content"]);
        Assert.Equal("done", edited.Content);
        Assert.NotEqual(0UL, fetched.Id);
    }

    [Fact]
    public async Task FollowupCalls_TokenRoute_UseWebhookPaths()
    {
        await using var h = await StartAsync(Ct);

        var created = await h.Client.CreateFollowupMessageAsync(
            AppId, InteractionToken, new MessageCreate { Content = "queued", Flags = MessageFlags.Ephemeral }, null, Ct);
        await h.Client.EditFollowupMessageAsync(AppId, InteractionToken, created.Id, new MessageEdit { Content = "running" }, null, Ct);
        await h.Client.DeleteFollowupMessageAsync(AppId, InteractionToken, created.Id, Ct);

        var requests = h.Server.Rest.Requests;
        Assert.Equal(("POST", $"/api/v10/webhooks/{AppId}/{InteractionToken}"), (requests[0].Method, requests[0].Path));
        Assert.Equal(64, (int?)requests[0].Json!["flags"]);
        Assert.Equal(("PATCH", $"/api/v10/webhooks/{AppId}/{InteractionToken}/messages/{created.Id}"), (requests[1].Method, requests[1].Path));
        Assert.Equal(("DELETE", $"/api/v10/webhooks/{AppId}/{InteractionToken}/messages/{created.Id}"), (requests[2].Method, requests[2].Path));
    }

    [Fact]
    public async Task BulkOverwriteCommands_GlobalAndGuild_PutArraysAndReturnRegisteredCommands()
    {
        await using var h = await StartAsync(Ct);
        ApplicationCommand[] commands =
        [
            new()
            {
                Name = "imagine",
                Description = "Generate an image",
                Type = ApplicationCommandType.ChatInput,
                DefaultMemberPermissions = null,
                DmPermission = false,
                Options =
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "prompt", Description = "What to draw", Required = true, MaxLength = 500 },
                    new() { Type = ApplicationCommandOptionType.Integer, Name = "steps", Description = "Steps", MinValue = 1, MaxValue = 50 },
                    new()
                    {
                        Type = ApplicationCommandOptionType.String, Name = "size", Description = "Size",
                        Choices = [ApplicationCommandOptionChoice.Of("512", "512x512"), ApplicationCommandOptionChoice.Of("768", "768x768")],
                    },
                ],
            },
        ];

        var global = await h.Client.BulkOverwriteGlobalApplicationCommandsAsync(AppId, commands, Ct);
        var guild = await h.Client.BulkOverwriteGuildApplicationCommandsAsync(AppId, GuildId, commands, Ct);

        var requests = h.Server.Rest.Requests;
        Assert.Equal(("PUT", $"/api/v10/applications/{AppId}/commands"), (requests[0].Method, requests[0].Path));
        Assert.Equal(("PUT", $"/api/v10/applications/{AppId}/guilds/{GuildId}/commands"), (requests[1].Method, requests[1].Path));
        var sent = requests[0].Json!.AsArray()[0]!;
        Assert.Equal("imagine", (string?)sent["name"]);
        Assert.False((bool?)sent["dm_permission"]);
        Assert.Null(sent["default_member_permissions"]);
        Assert.Equal(50, (double?)sent["options"]![1]!["max_value"]);
        Assert.Equal("512x512", (string?)sent["options"]![2]!["choices"]![0]!["value"]);
        Assert.True((bool?)sent["options"]![0]!["required"]);
        Assert.Equal(AppId, Assert.Single(global).ApplicationId);
        Assert.Equal(GuildId, Assert.Single(guild).GuildId);
        Assert.NotNull(guild[0].Id);
    }

    [Fact]
    public async Task CreateMessageAsync_DiscordError_ThrowsWithStatusCodeAndRouteTemplate()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.EditOriginal, ScriptedResponse.Error(404, 10015, "Unknown Webhook"));

        var error = await Assert.ThrowsAsync<Discord.Rest.DiscordRestException>(() =>
            h.Client.EditOriginalResponseAsync(AppId, InteractionToken, new MessageEdit { Content = "x" }, null, Ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(10015, error.DiscordCode);
        Assert.Equal("Unknown Webhook", error.DiscordMessage);
        Assert.Equal("PATCH /webhooks/{application_id}/{interaction_token}/messages/@original", error.Route);
        Assert.DoesNotContain(InteractionToken, error.ToString());
        Assert.DoesNotContain(BotToken, error.ToString());
    }

    [Fact]
    public async Task CreateMessageAsync_NoTokenConfigured_ThrowsClearErrorWithoutSending()
    {
        await using var h = await StartAsync(Ct, token: null);

        var error = await Assert.ThrowsAsync<Discord.Rest.DiscordRestException>(() =>
            h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "x" }, null, Ct));

        Assert.Contains("Discord:Token is not configured", error.Message);
        Assert.Empty(h.Server.Rest.Requests);
    }

    [Fact]
    public async Task CreateMessageAsync_CustomIdOver100Chars_ThrowsBeforeSending()
    {
        await using var h = await StartAsync(Ct);
        var tooLong = new string('x', 101);
        var row = new MessageComponent
        {
            Type = ComponentType.ActionRow,
            Components = [new MessageComponent { Type = ComponentType.Button, Style = 1, CustomId = tooLong, Label = "Go" }],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Components = [row] }, null, Ct));

        Assert.Contains("custom_id must be at most 100 characters; got 101", error.Message);
        Assert.Empty(h.Server.Rest.Requests);
    }

    [Fact]
    public async Task CreateMessageAsync_BotTokenRejected_ThrowsAndReportsTheTokenAsFatal()
    {
        await using var h = await StartAsync(Ct);
        h.Server.AcceptedBotToken = "another-token";

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Client.CreateMessageAsync(ChannelId, new MessageCreate { Content = "x" }, null, Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        var reason = h.Services.GetRequiredService<IDiscordFatalError>().Reason;
        Assert.NotNull(reason);
        Assert.Contains("POST /channels/{channel_id}/messages", reason, StringComparison.Ordinal);
        Assert.Contains("Discord__Token", reason, StringComparison.Ordinal);
        Assert.Equal(1, h.Server.RejectedTokenRequests);
        Assert.DoesNotContain(BotToken, h.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditOriginalResponseAsync_Unauthorized_IsNotFatal()
    {
        await using var h = await StartAsync(Ct);
        h.Server.Rest.Script(FakeRestApi.EditOriginal, ScriptedResponse.Error(401, 50027, "Invalid Webhook Token"));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            h.Client.EditOriginalResponseAsync(AppId, InteractionToken, new MessageEdit { Content = "x" }, null, Ct));

        Assert.Equal(50027, error.DiscordCode);
        Assert.Null(h.Services.GetRequiredService<IDiscordFatalError>().Reason);
    }
}
