using System.Text.Json.Nodes;
using DiffusionBot.Bot;
using DiffusionBot.Cli;
using DiffusionBot.Core.Queue;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

public sealed class LifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_WithGuildIds_RegistersAllCommandsInThatGuild()
    {
        await using var bot = await BotHarness.StartAsync(Ct);

        var put = bot.Rest.Requests.Single(r => r.Route == FakeRestApi.OverwriteGuildCommands);
        Assert.Equal(BotHarness.Id(GuildId), put.RouteValues["guild_id"]);
        var names = put.Json!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToArray();
        Assert.Equal(["imagine", "quota", "history", "queue", "settings", "banned", "help"], names);
        var size = put.Json![0]!["options"]!.AsArray().First(o => o!["name"]!.GetValue<string>() == "size")!;
        Assert.Equal(["64x64", "128x128"], size["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Route == FakeRestApi.OverwriteGlobalCommands);
        Assert.All(put.Json!.AsArray(), c => Assert.False(c!.AsObject().ContainsKey("contexts"), $"{c["name"]} carries contexts on a guild command"));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Ready_WithoutGuildIds_RegistersCommandsGlobally()
    {
        await using var bot = await BotHarness.StartAsync(Ct, guildScoped: false);

        var put = Assert.Single(bot.Rest.Requests, r => r.Route == FakeRestApi.OverwriteGlobalCommands);
        Assert.All(put.Json!.AsArray(), c => Assert.Equal([0], c!["contexts"]!.AsArray().Select(x => x!.GetValue<int>())));
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Route == FakeRestApi.OverwriteGuildCommands);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Restart_WithQueuedAndRunningJobs_FinishesThemAfterRestart()
    {
        await using var discord = await FakeDiscordServer.StartAsync(Ct);
        var folder = Directory.CreateTempSubdirectory("diffusionbot-restart-").FullName;
        var running = NextId();
        var waiting = NextId();
        await using (var first = await BotHarness.StartAsync(Ct, gateOpen: false, discord: discord, folder: folder))
        {
            // One at a time, so "before restart 1" is the one in the generator and "before restart 2" the one waiting.
            await first.SendAsync(Slash(running, 5001, "imagine", Options(("prompt", "before restart 1"))), Ct);
            await discord.Gateway.WaitForAsync(_ => first.Generator.Order.Count == 1, BotHarness.Timeout, Ct);
            await first.SendAsync(Slash(waiting, 5002, "imagine", Options(("prompt", "before restart 2"))), Ct);
            await first.EditAsync(waiting, c => c.Contains("Queued", StringComparison.Ordinal), Ct);
        }

        await using var second = await BotHarness.StartAsync(Ct, discord: discord, folder: folder);
        var a = await second.ResultAsync(running, Ct);
        var b = await second.ResultAsync(waiting, Ct);

        Assert.Equal("before restart 1", BotHarness.Field(a, "Prompt"));
        Assert.Equal("before restart 2", BotHarness.Field(b, "Prompt"));
        Assert.Equal(1, (await second.Service<DiffusionBot.Core.Quotas.QuotaService>().GetStatusAsync(5001, Ct)).Used);
        second.DeleteFolder();
    }

    [Fact]
    public async Task TwentyUsersAtOnce_AreServedRoundRobin()
    {
        await using var bot = await BotHarness.StartAsync(Ct, gateOpen: false);
        const ulong Heavy = 6000;
        var queue = bot.Service<FairJobQueue>();
        var first = NextId();
        await bot.SendAsync(Slash(first, Heavy, "imagine", Options(("prompt", "heavy-1"))), Ct);
        await bot.Discord.Gateway.WaitForAsync(_ => bot.Generator.Order.Count == 1, BotHarness.Timeout, Ct);
        var heavyIds = new[] { NextId(), NextId() };
        // One at a time: the bot handles interactions concurrently, so two sent back to back may be queued in either order.
        await bot.SendAsync(Slash(heavyIds[0], Heavy, "imagine", Options(("prompt", "heavy-2"))), Ct);
        await bot.Discord.Gateway.WaitForAsync(_ => queue.CountFor(Heavy) == 1, BotHarness.Timeout, Ct);
        await bot.SendAsync(Slash(heavyIds[1], Heavy, "imagine", Options(("prompt", "heavy-3"))), Ct);
        await bot.Discord.Gateway.WaitForAsync(_ => queue.CountFor(Heavy) == 2, BotHarness.Timeout, Ct);

        var others = Enumerable.Range(1, 19).Select(n => (Id: NextId(), User: Heavy + (ulong)n)).ToArray();
        await Task.WhenAll(others.Select(o => bot.SendAsync(Slash(o.Id, o.User, "imagine", Options(("prompt", $"user-{o.User}"))), Ct)));
        await bot.Discord.Gateway.WaitForAsync(_ => queue.Count == 21, BotHarness.Timeout, Ct);
        bot.Generator.Open();
        foreach (var o in others) await bot.ResultAsync(o.Id, Ct);
        await bot.ResultAsync(heavyIds[1], Ct);

        var order = bot.Generator.Order;
        Assert.Equal(22, order.Count);
        Assert.Equal(["heavy-1", "heavy-2"], order.Take(2));
        Assert.Equal("heavy-3", order[^1]);
        Assert.Equal(19, order.Skip(2).Take(19).Distinct().Count());
        bot.DeleteFolder();
    }

    [Fact]
    public async Task ExpiredInteractionToken_ResultGoesToChannelMentioningRequester()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Moderation:InteractionTokenLifetime"] = "00:00:01.500",
            ["Moderation:InteractionTokenSafetyMargin"] = "00:00:00.500",
        };
        await using var bot = await BotHarness.StartAsync(Ct, gateOpen: false, settings: settings);
        var id = NextId();
        await bot.SendAsync(Slash(id, 7001, "imagine", Options(("prompt", "slow one"))), Ct);
        // Wait on the generator, not on the "Queued" edit: on a busy machine that edit may come after the 1 s the
        // token is usable, and is then rightly skipped.
        await bot.Discord.Gateway.WaitForAsync(_ => bot.Generator.Order.Count == 1, BotHarness.Timeout, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        bot.Generator.Open();

        var message = await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.CreateMessage && r.Files.Count > 0, BotHarness.Timeout, Ct);
        Assert.Equal(BotHarness.Id(ChannelId), message.RouteValues["channel_id"]);
        Assert.Contains("<@7001>", message.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("7001", message.Json!["allowed_mentions"]!["users"]![0]!.GetValue<string>());
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Run_WithoutDiscordToken_PrintsOneClearLineAndFails()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var config = new Dictionary<string, string?> { ["Discord:Token"] = "" };

        var code = await CliApp.RunAsync(["run"], stdout, stderr, Ct, config);

        Assert.Equal(BotHost.ConfigurationExitCode, code);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("Discord__Token", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr.ToString(), StringComparison.Ordinal);
    }
}
