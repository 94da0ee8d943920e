using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.DemoModels;
using DiffusionBot.Tests.EndToEnd;
using DiffusionBot.Workers.Dispatch;
using DiffusionBot.Workers.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.Workers;

/// <summary>The bot with <c>Workers:Redis</c> set, against a real redis-server and real <c>worker</c> hosts on the demo
/// model, through the fake Discord.</summary>
public sealed class RedisWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<BotHarness> StartBotAsync(RedisServer redis, bool gateOpen = true, string? folder = null, Action<IServiceCollection>? services = null,
        FakeDiscord.FakeDiscordServer? discord = null, params string[] models)
    {
        // Catalogue entries (several models) read their folder at start; the built-in model is written on demand.
        await DemoModel.EnsureAsync(WorkerSettings.DemoModel, Ct);
        return await BotHarness.StartAsync(Ct, gateOpen, WorkerSettings.Bot(redis, models), discord: discord, folder: folder, services: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<IImageGenerator>(sp => new GatedImageGenerator(sp.GetRequiredService<RemoteImageGenerator>(), gateOpen)));
            services?.Invoke(s);
        });
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis) => await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);

    private static StreamKeys Keys => new("diffusionbot");

    [Fact]
    public async Task Imagine_WithWorker_PostsWorkersImageAndLeavesNothingInRedis()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1"), inner => new GatedImageGenerator(inner, startOpen: true));
        await using var bot = await StartBotAsync(redis);
        var id = NextId();

        await bot.SendAsync(Slash(id, 7101, "imagine", Options(("prompt", "over redis"))), Ct);

        var result = await bot.ResultAsync(id, Ct);
        Assert.Equal("over redis", BotHarness.Field(result, "Prompt"));
        Assert.Equal((64, 64), BotHarness.PngSize(result.Files[0].Content));
        Assert.Equal(["over redis"], ((GatedImageGenerator)worker.Generator!).Order);
        using var connection = await ConnectAsync(redis);
        var db = connection.GetDatabase();
        await WaitUntilAsync(async () => await db.HashLengthAsync(Keys.HandedOut) == 0 && await db.StreamLengthAsync(Keys.Results) == 0);
        Assert.Equal(0, await db.StreamLengthAsync(Keys.Jobs("demo")));
        Assert.Equal(1, (await bot.Service<QuotaService>().GetStatusAsync(7101, Ct)).Used);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Dispatch_OneHeldWorker_HandsOutOnlyPrefetchJobsAndKeepsFairOrder()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        var gate = (GatedImageGenerator?)null;
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1"), inner => gate = new GatedImageGenerator(inner, startOpen: false));
        await using var bot = await StartBotAsync(redis);
        await WaitUntilAsync(() => Task.FromResult(bot.Service<WorkerRegistry>().LiveWorkers == 1));
        var a = new[] { NextId(), NextId(), NextId(), NextId() };
        var b = new[] { NextId(), NextId() };
        await bot.SendAsync(Slash(a[0], 7201, "imagine", Options(("prompt", "a0"))), Ct);
        await bot.Generator.WhenCalledAsync(1, Ct);
        await bot.SendAsync(Slash(a[1], 7201, "imagine", Options(("prompt", "a1"))), Ct);
        await bot.Generator.WhenCalledAsync(2, Ct);
        foreach (var (id, user, prompt) in new[] { (a[2], 7201UL, "a2"), (a[3], 7201UL, "a3"), (b[0], 7202UL, "b0"), (b[1], 7202UL, "b1") })
        {
            await bot.SendAsync(Slash(id, user, "imagine", Options(("prompt", prompt))), Ct);
            await bot.EditAsync(id, c => c.Contains("Queued", StringComparison.Ordinal), Ct);
        }

        Assert.Equal(["a0", "a1"], bot.Generator.Order);
        using var connection = await ConnectAsync(redis);
        Assert.Equal(2, await connection.GetDatabase().HashLengthAsync(Keys.HandedOut));
        gate!.Open();
        foreach (var id in a.Concat(b)) await bot.ResultAsync(id, Ct);
        Assert.Equal(["a0", "a1", "a2", "b0", "a3", "b1"], bot.Generator.Order);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Cancel_JobRunningOnWorker_StopsTheEngineMidRunAndRefunds()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        var hold = (HoldingGenerator?)null;
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1"), inner => hold = new HoldingGenerator(inner));
        await using var bot = await StartBotAsync(redis);
        var id = NextId();
        await bot.SendAsync(Slash(id, 7301, "imagine", Options(("prompt", "stop me"), ("steps", 20))), Ct);
        // The engine is held inside step 1, whose progress may be throttled behind the loading-model edit: either
        // running message carries the cancel button.
        var running = await bot.EditAsync(id, c => c.Contains("Generating", StringComparison.Ordinal) || c.Contains("Loading model", StringComparison.Ordinal), Ct);
        await hold!.Holding.Task.WaitAsync(BotHarness.Timeout, Ct);

        await bot.SendAsync(Button(NextId(), 7301, BotHarness.CustomIds(running).Single()), Ct);

        await bot.EditAsync(id, c => c.Contains("Cancelled", StringComparison.Ordinal), Ct);
        var ended = await hold.Ended.Task.WaitAsync(BotHarness.Timeout, Ct);
        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        Assert.Equal(0, (await bot.Service<QuotaService>().GetStatusAsync(7301, Ct)).Used);
        using var connection = await ConnectAsync(redis);
        var db = connection.GetDatabase();
        await WaitUntilAsync(async () => await db.HashLengthAsync(Keys.HandedOut) == 0 && await db.StreamLengthAsync(Keys.Results) == 0);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_SecondCatalogueModel_WorkerAnnouncesCatalogueRunsItAndLoadingPhaseReachesUser()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var bot = await StartBotAsync(redis, models: ["a", "b"]);
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1", null, "a", "b"));
        await WaitUntilAsync(() => Task.FromResult(bot.Service<WorkerRegistry>().LiveWorkers == 1));
        var id = NextId();

        await bot.SendAsync(Slash(id, 7451, "imagine", Options(("prompt", "second model"), ("model", "b"))), Ct);

        await bot.EditAsync(id, c => c.Contains("Loading model b…", StringComparison.Ordinal), Ct);
        var result = await bot.ResultAsync(id, Ct);
        Assert.Equal("second model", BotHarness.Field(result, "Prompt"));
        Assert.True(bot.Service<WorkerRegistry>().Serves("a"), "the worker announced its catalogue's first model");
        Assert.True(bot.Service<WorkerRegistry>().Serves("b"), "the worker announced its catalogue's second model");
        var job = Assert.Single(await bot.Service<IJobStore>().ListByRequesterAsync(7451, null, 10, [], Ct));
        Assert.Equal(("b", JobStatus.Succeeded), (job.Parameters.Model, job.Status));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_ModelNoWorkerServes_WaitsWithNoticeThenIsRefunded()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1", null, "demo"));
        await using var bot = await StartBotAsync(redis, models: ["demo", "other"]);
        await WaitUntilAsync(() => Task.FromResult(bot.Service<WorkerRegistry>().LiveWorkers == 1));
        var id = NextId();

        await bot.SendAsync(Slash(id, 7401, "imagine", Options(("prompt", "nobody draws this"), ("model", "other"))), Ct);

        await bot.EditAsync(id, c => c.Contains("No image generator serves the model 'other' right now", StringComparison.Ordinal), Ct);
        await bot.EditAsync(id, c => c.Contains("could not run. Your quota was refunded.", StringComparison.Ordinal), Ct);
        Assert.Equal(0, (await bot.Service<QuotaService>().GetStatusAsync(7401, Ct)).Used);
        var job = Assert.Single(await bot.Service<IJobStore>().ListByRequesterAsync(7401, null, 10, [], Ct));
        Assert.Equal(JobStatus.Failed, job.Status);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task UnreadableMessages_OnJobAndResultStreams_AreMovedAsideAndWorkGoesOn()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1"));
        await using var bot = await StartBotAsync(redis);
        using var connection = await ConnectAsync(redis);
        var db = connection.GetDatabase();
        await WaitUntilAsync(() => Task.FromResult(bot.Service<WorkerRegistry>().LiveWorkers == 1));

        await db.StreamAddAsync(Keys.Jobs("demo"), [new NameValueEntry("v", "99"), new NameValueEntry("job", "1")]);
        await db.StreamAddAsync(Keys.Results, [new NameValueEntry("v", "1"), new NameValueEntry("job", "not-a-number")]);
        var id = NextId();
        await bot.SendAsync(Slash(id, 7501, "imagine", Options(("prompt", "after the garbage"))), Ct);

        await bot.ResultAsync(id, Ct);
        await WaitUntilAsync(async () => await db.StreamLengthAsync(Keys.DeadLetters) == 2);
        var dead = await db.StreamRangeAsync(Keys.DeadLetters);
        Assert.Contains(dead, e => Field(e, "reason").Contains("version '99'", StringComparison.Ordinal) && Field(e, "from") == Keys.Jobs("demo"));
        Assert.Contains(dead, e => Field(e, "reason").Contains("'job'", StringComparison.Ordinal) && Field(e, "from") == Keys.Results);
        Assert.Equal(0, (await db.StreamPendingAsync(Keys.Jobs("demo"), StreamKeys.WorkerGroup)).PendingMessageCount);
        await WaitUntilAsync(async () => await db.StreamLengthAsync(Keys.Results) == 0);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task RedisLost_WhileJobsWait_BotKeepsAnsweringAndRefeedsThemWhenBack()
    {
        await using var redis = await RedisServer.StartAsync(Ct, appendOnly: false);
        var gate = (GatedImageGenerator?)null;
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1"), inner => gate = new GatedImageGenerator(inner, startOpen: false));
        await using var bot = await StartBotAsync(redis);
        await WaitUntilAsync(() => Task.FromResult(bot.Service<WorkerRegistry>().LiveWorkers == 1));
        var first = NextId();
        await bot.SendAsync(Slash(first, 7601, "imagine", Options(("prompt", "handed out before the crash"))), Ct);
        await gate!.WhenCalledAsync(1, Ct);

        await redis.KillAsync();
        var second = NextId();
        await bot.SendAsync(Slash(second, 7602, "imagine", Options(("prompt", "sent while redis is down"))), Ct);
        await bot.EditAsync(second, c => c.Contains("unreachable", StringComparison.Ordinal), Ct);
        var queue = NextId();
        await bot.SendAsync(Slash(queue, 7603, "queue"), Ct);
        await bot.CallbackAsync(queue, Ct);

        await redis.StartAgainAsync(Ct);
        gate.Open();
        var one = await bot.ResultAsync(first, Ct);
        var two = await bot.ResultAsync(second, Ct);
        Assert.Equal("handed out before the crash", BotHarness.Field(one, "Prompt"));
        Assert.Equal("sent while redis is down", BotHarness.Field(two, "Prompt"));
        Assert.Equal(1, (await bot.Service<QuotaService>().GetStatusAsync(7601, Ct)).Used);
        Assert.Equal(1, (await bot.Service<QuotaService>().GetStatusAsync(7602, Ct)).Used);
        Assert.Single(bot.Rest.Requests, r => r.Files.Count > 0 && r.RouteValues.GetValueOrDefault("interaction_token") == TokenFor(first));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task BotRestarted_ResultsArrivedMeanwhileAndInFlightJobs_ArePostedOnce()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        var gate = (GatedImageGenerator?)null;
        await using var worker = InProcessWorker.Start(WorkerSettings.Worker(redis, "w1"), inner => gate = new GatedImageGenerator(inner, startOpen: false));
        var folder = Directory.CreateTempSubdirectory("diffusionbot-e2e-").FullName;
        await using var discord = await FakeDiscord.FakeDiscordServer.StartAsync(Ct);
        var ids = new[] { NextId(), NextId(), NextId() };
        await using (var before = await StartBotAsync(redis, folder: folder, discord: discord))
        {
            await WaitUntilAsync(() => Task.FromResult(before.Service<WorkerRegistry>().LiveWorkers == 1));
            foreach (var (id, i) in ids.Select((id, i) => (id, i))) await before.SendAsync(Slash(id, 7701 + (ulong)i, "imagine", Options(("prompt", "job " + i))), Ct);
            await before.Generator.WhenCalledAsync(2, Ct);
            await gate!.WhenCalledAsync(1, Ct);
        }

        gate.Open();
        await gate.WhenCalledAsync(2, Ct);
        await using var after = await StartBotAsync(redis, folder: folder, discord: discord);

        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var result = await after.ResultAsync(id, Ct);
            Assert.Equal("job " + i, BotHarness.Field(result, "Prompt"));
            Assert.Equal(1, (await after.Service<QuotaService>().GetStatusAsync(7701 + (ulong)i, Ct)).Used);
        }
        Assert.Equal(["job 0", "job 1", "job 2"], gate.Order.Order(StringComparer.Ordinal));
        foreach (var id in ids) Assert.Single(discord.Rest.Requests, r => r.Files.Count > 0 && r.RouteValues.GetValueOrDefault("interaction_token") == TokenFor(id));
        after.DeleteFolder();
    }

    private static string Field(StreamEntry entry, string name) => entry.Values.FirstOrDefault(v => v.Name == name).Value.ToString();

    /// <summary>Polls a condition on Redis or the bot (there is no event for it) until true; fails after the harness timeout.</summary>
    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(BotHarness.Timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail("The condition did not become true within " + BotHarness.Timeout + ".");
            }
        }
    }
}
