using System.Text.Json.Nodes;
using DiffusionBot.Bot;
using DiffusionBot.Cli;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Rest;
using DiffusionBot.Storage.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        Assert.Equal(["imagine", "quota", "history", "queue", "settings", "banned", "help", "stats", "models", "loras", "embeddings", "tokens", "upscale"], names);
        var size = put.Json![0]!["options"]!.AsArray().First(o => o!["name"]!.GetValue<string>() == "size")!;
        Assert.Equal(["64x64", "128x128"], size["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        var model = put.Json![0]!["options"]!.AsArray().First(o => o!["name"]!.GetValue<string>() == "model")!.AsObject();
        Assert.True(model["autocomplete"]!.GetValue<bool>());
        Assert.False(model.ContainsKey("choices"), "an autocomplete option may not carry fixed choices");
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
    public async Task Start_StoreFailsDuringRecovery_BotStaysUpAndServesNewJobs()
    {
        await using var bot = await BotHarness.StartAsync(Ct, services: s => s.Replace(ServiceDescriptor.Singleton<IJobStore>(sp =>
            new UnlistableJobStore(ActivatorUtilities.CreateInstance<LiteJobStore>(sp)))));
        var id = NextId();

        await bot.SendAsync(Slash(id, 5101, "imagine", Options(("prompt", "after a failed recovery"))), Ct);

        var result = await bot.ResultAsync(id, Ct);
        Assert.Equal("after a failed recovery", BotHarness.Field(result, "Prompt"));
        bot.DeleteFolder();
    }

    /// <summary>A job store whose listing by status (what recovery reads at start) fails, like a locked or damaged file.</summary>
    private sealed class UnlistableJobStore(IJobStore inner) : IJobStore
    {
        public Task SaveAsync(Job job, CancellationToken cancellationToken) => inner.SaveAsync(job, cancellationToken);

        public Task<Job?> GetAsync(JobId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<Job>> ListByRequesterAsync(ulong requesterId, ulong? guildId, int count, IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken) =>
            inner.ListByRequesterAsync(requesterId, guildId, count, statuses, cancellationToken);

        public Task<Job?> FindByMessageIdAsync(ulong messageId, CancellationToken cancellationToken) =>
            inner.FindByMessageIdAsync(messageId, cancellationToken);

        public Task<IReadOnlyList<Job>> ListByStatusAsync(IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken) =>
            throw new IOException("The database file is damaged.");
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
            await first.Generator.WhenCalledAsync(1, Ct);
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
        await bot.Generator.WhenCalledAsync(1, Ct);
        var heavyIds = new[] { NextId(), NextId() };
        // One at a time: the bot handles interactions concurrently, so two sent back to back may be queued in either order.
        await bot.SendAsync(Slash(heavyIds[0], Heavy, "imagine", Options(("prompt", "heavy-2"))), Ct);
        await bot.EditAsync(heavyIds[0], c => c.Contains("Queued", StringComparison.Ordinal), Ct);
        await bot.SendAsync(Slash(heavyIds[1], Heavy, "imagine", Options(("prompt", "heavy-3"))), Ct);
        await bot.EditAsync(heavyIds[1], c => c.Contains("Queued", StringComparison.Ordinal), Ct);

        var others = Enumerable.Range(1, 19).Select(n => (Id: NextId(), User: Heavy + (ulong)n)).ToArray();
        await Task.WhenAll(others.Select(o => bot.SendAsync(Slash(o.Id, o.User, "imagine", Options(("prompt", $"user-{o.User}"))), Ct)));
        // The "Queued" edit goes out after the enqueue, and the held worker keeps every job queued: a signal, no polling.
        await Task.WhenAll(others.Select(o => bot.EditAsync(o.Id, c => c.Contains("Queued", StringComparison.Ordinal), Ct)));
        Assert.Equal(21, queue.Count);
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
        // A token that is usable for one tick (100 ns) after the interaction arrives has expired by the time any result
        // exists, on any machine: no sleeping past a real-time lifetime.
        var settings = new Dictionary<string, string?>
        {
            ["Moderation:InteractionTokenLifetime"] = "00:00:00.0000001",
            ["Moderation:InteractionTokenSafetyMargin"] = "00:00:00",
        };
        await using var bot = await BotHarness.StartAsync(Ct, settings: settings);
        var id = NextId();
        await bot.SendAsync(Slash(id, 7001, "imagine", Options(("prompt", "slow one"))), Ct);

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
