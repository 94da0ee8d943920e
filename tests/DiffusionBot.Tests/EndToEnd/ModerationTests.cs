using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

public sealed class ModerationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QuotaExceeded_AfterModeratorSetsAllowance_EphemeralRefusalAndNoJob()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var set = NextId();
        await bot.SendAsync(Slash(set, 9001, "quota", Sub("set", ("user", 3001UL), ("amount", 1L)), ManageGuild), Ct);
        Assert.Contains("<@3001> now has 1 of 1 left", (await bot.EditAsync(set, c => c.Length > 0, Ct)).Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        var first = NextId();
        await bot.SendAsync(Slash(first, 3001, "imagine", Options(("prompt", "allowed"))), Ct);
        await bot.ResultAsync(first, Ct);
        var second = NextId();
        await bot.SendAsync(Slash(second, 3001, "imagine", Options(("prompt", "one too many"))), Ct);

        Assert.Contains("Not enough quota", await bot.EphemeralAsync(second, Ct), StringComparison.Ordinal);
        var jobs = await bot.Service<IJobStore>().ListByRequesterAsync(3001, null, 10, [], Ct);
        Assert.Single(jobs);
        var own = NextId();
        await bot.SendAsync(Slash(own, 3001, "quota", Sub("show")), Ct);
        Assert.Contains("You have 0 of 1 left", (await bot.EditAsync(own, c => c.Length > 0, Ct)).Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task ModeratorCommands_FromNonModerator_AreRefused()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var cases = new (ulong Id, System.Text.Json.Nodes.JsonObject Payload)[]
        {
            (NextId(), Slash(0, 3002, "quota", Sub("grant", ("user", 3002UL), ("amount", 100L)))),
            (NextId(), Slash(0, 3002, "quota", Sub("default", ("amount", 1000L)))),
            (NextId(), Slash(0, 3002, "banned", Sub("add", ("word", "anything")))),
            (NextId(), Slash(0, 3002, "history", Options(("user", 3003UL)))),
        };
        foreach (var (id, payload) in cases)
        {
            payload["id"] = BotHarness.Id(id);
            payload["token"] = TokenFor(id);
            await bot.SendAsync(payload, Ct);
        }
        foreach (var (id, _) in cases)
            Assert.Contains("moderator", await bot.EphemeralAsync(id, Ct), StringComparison.OrdinalIgnoreCase);
        var status = await bot.Service<DiffusionBot.Core.Quotas.QuotaService>().GetStatusAsync(3002, Ct);
        Assert.Equal(0, status.Extra);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task BannedWord_AddedByModerator_RefusesPromptWithoutCharge()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var add = NextId();
        await bot.SendAsync(Slash(add, 9002, "banned", Sub("add", ("word", "forbidden")), ManageGuild), Ct);
        await bot.EditAsync(add, c => c.Contains("added", StringComparison.Ordinal), Ct);

        var imagine = NextId();
        await bot.SendAsync(Slash(imagine, 3004, "imagine", Options(("prompt", "a forbidden thing"))), Ct);

        Assert.NotEmpty(await bot.EphemeralAsync(imagine, Ct));
        Assert.Equal(0, (await bot.Service<DiffusionBot.Core.Quotas.QuotaService>().GetStatusAsync(3004, Ct)).Used);
        Assert.Empty(await bot.Service<IJobStore>().ListByRequesterAsync(3004, null, 10, [], Ct));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task UserCommands_HelpQueueHistorySettings_AnswerEphemerally()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var imagine = NextId();
        await bot.SendAsync(Slash(imagine, 3005, "imagine", Options(("prompt", "history entry"))), Ct);
        await bot.ResultAsync(imagine, Ct);

        async Task<string> AskAsync(string name, System.Text.Json.Nodes.JsonArray? options = null)
        {
            var id = NextId();
            await bot.SendAsync(Slash(id, 3005, name, options), Ct);
            var edit = await bot.Rest.WaitForRequestAsync(r => r.Route == DiffusionBot.FakeDiscord.Rest.FakeRestApi.EditOriginal
                && r.RouteValues["interaction_token"] == TokenFor(id), BotHarness.Timeout, Ct);
            var callback = await bot.CallbackAsync(id, Ct);
            Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>());
            // Lists (history) come as an embed; everything else as text.
            return edit.Json!["embeds"]?[0]?["description"]?.GetValue<string>() ?? edit.Json!["content"]!.GetValue<string>();
        }

        Assert.Contains("/imagine", await AskAsync("help"), StringComparison.Ordinal);
        var tokens = await AskAsync("tokens", Options(("prompt", "a (red:1.5) fox BREAK blue sky")));
        Assert.Contains("5 tokens in 2 chunks", tokens, StringComparison.Ordinal);
        Assert.Contains("\"red\" ×1.5", tokens, StringComparison.Ordinal);
        Assert.Contains("Chunk 2 (2 tokens): blue sky", tokens, StringComparison.Ordinal);
        Assert.Contains("Cut off at 77: \"blue sky\"", tokens, StringComparison.Ordinal);
        var longTokens = await AskAsync("tokens", Options(("prompt", string.Join(" BREAK ", Enumerable.Repeat("red green blue", 100)))));
        Assert.True(longTokens.Length <= 2000, $"{longTokens.Length} characters");
        Assert.Contains("Problem: The prompt needs 100 chunks", longTokens, StringComparison.Ordinal);
        Assert.Matches(@"…and \d+ more$", longTokens);
        Assert.Contains("waiting", await AskAsync("queue"), StringComparison.Ordinal);
        Assert.Contains("history entry", await AskAsync("history"), StringComparison.Ordinal);
        Assert.Contains("128x128", await AskAsync("settings", Options(("size", "128x128"))), StringComparison.Ordinal);
        Assert.Contains("Unknown size", await AskAsync("settings", Options(("size", "999x999"))), StringComparison.Ordinal);

        var after = NextId();
        await bot.SendAsync(Slash(after, 3005, "imagine", Options(("prompt", "uses my default size"))), Ct);
        Assert.Equal("128x128", BotHarness.Field(await bot.ResultAsync(after, Ct), "Size"));
        bot.DeleteFolder();
    }
}
