using System.Globalization;
using System.Text.Json.Nodes;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

public sealed class ReactionTests
{
    private const ulong Owner = 1104;
    private const ulong Stranger = 2998;
    private const ulong Bystander = 2997;
    private const ulong Moderator = 2996;
    private const ulong ModeratorRole = 900;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reactions_OnAResult_RerollAndDeleteWithTheButtonsRules()
    {
        await using var bot = await BotHarness.StartAsync(Ct, settings: new Dictionary<string, string?>
        {
            ["Moderation:ModeratorRoleIds:0"] = ModeratorRole.ToString(CultureInfo.InvariantCulture),
        });
        var first = NextId();
        await bot.SendAsync(Slash(first, Owner, "imagine", Options(("prompt", "a blue sky"), ("seed", 5L))), Ct);
        await bot.ResultAsync(first, Ct);
        var result = await MessageIdOfResultAsync(bot, Ct);

        // Ignored: another emoji, and a 🔄 on a message that shows no job.
        await ReactAsync(bot, result, Bystander, "👍");
        await ReactAsync(bot, result + 1_000_000, Bystander, "🔄");

        await ReactAsync(bot, result, Stranger, "🔄");
        var refusal = await ChannelMessageAsync(bot, Stranger);
        Assert.Contains("Only the person who asked", Content(refusal), StringComparison.Ordinal);
        Assert.Equal([Stranger.ToString(CultureInfo.InvariantCulture)], refusal.Json!["allowed_mentions"]!["users"]!.AsArray().Select(u => u!.GetValue<string>()));

        await ReactAsync(bot, result, Owner, "🔄");
        var rerolled = await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.CreateMessage && r.Files.Count > 0, BotHarness.Timeout, Ct);
        Assert.Equal("a blue sky", BotHarness.Field(rerolled, "Prompt"));
        Assert.NotEqual("5", BotHarness.Field(rerolled, "Seed"));
        Assert.Contains($"<@{Owner}>", Content(rerolled), StringComparison.Ordinal);
        Assert.Equal(2, (await bot.Service<QuotaService>().GetStatusAsync(Owner, Ct)).Used);

        await ReactAsync(bot, result, Stranger, "❌");
        var notYours = await ChannelMessageAsync(bot, Stranger, c => c.Contains("delete", StringComparison.Ordinal));
        Assert.Contains("Only the requester or a moderator", Content(notYours), StringComparison.Ordinal);

        await ReactAsync(bot, result, Moderator, "❌", ModeratorRole);
        await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.DeleteOriginal && r.RouteValues["interaction_token"] == TokenFor(first), BotHarness.Timeout, Ct);

        Assert.Equal(0, (await bot.Service<QuotaService>().GetStatusAsync(Bystander, Ct)).Used);
        Assert.Equal(0, (await bot.Service<QuotaService>().GetStatusAsync(Stranger, Ct)).Used);
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Body?.Contains($"<@{Bystander}>", StringComparison.Ordinal) == true);
        bot.DeleteFolder();
    }

    private static async Task<ulong> MessageIdOfResultAsync(BotHarness bot, CancellationToken ct)
    {
        var store = bot.Service<IJobStore>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(BotHarness.Timeout);
        while (true)
        {
            var jobs = await store.ListByRequesterAsync(Owner, null, 1, [], ct);
            if (jobs is [{ MessageId: { } id }]) return id;
            await Task.Delay(10, timeout.Token);
        }
    }

    private static Task<long> ReactAsync(BotHarness bot, ulong messageId, ulong userId, string emoji, ulong? role = null) =>
        bot.Discord.Gateway.SendDispatchAsync("MESSAGE_REACTION_ADD", new JsonObject
        {
            ["user_id"] = BotHarness.Id(userId),
            ["channel_id"] = BotHarness.Id(ChannelId),
            ["message_id"] = BotHarness.Id(messageId),
            ["guild_id"] = BotHarness.Id(GuildId),
            ["message_author_id"] = BotHarness.Id(bot.Discord.Gateway.BotUserId),
            ["member"] = new JsonObject { ["roles"] = role is { } r ? new JsonArray(BotHarness.Id(r)) : new JsonArray() },
            ["emoji"] = new JsonObject { ["id"] = null, ["name"] = emoji },
        }, Ct);

    private static Task<RecordedRequest> ChannelMessageAsync(BotHarness bot, ulong mentioned, Func<string, bool>? content = null) =>
        bot.Rest.WaitForRequestAsync(
            r => r.Route == FakeRestApi.CreateMessage && r.Files.Count == 0 && Content(r).StartsWith($"<@{mentioned}>", StringComparison.Ordinal)
                && (content?.Invoke(Content(r)) ?? true),
            BotHarness.Timeout, Ct);

    private static string Content(RecordedRequest request) => request.Json?["content"]?.GetValue<string>() ?? "";
}
