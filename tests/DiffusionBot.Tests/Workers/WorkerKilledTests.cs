using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Tests.EndToEnd;
using DiffusionBot.Workers.Dispatch;
using DiffusionBot.Workers.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.Workers;

/// <summary>A worker process killed with SIGKILL in the middle of a job: another worker claims the job after
/// Workers:ClaimAfter, and the requester gets one result and one charge.</summary>
public sealed class WorkerKilledTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkerProcess_KilledMidJob_AnotherWorkerClaimsItAndUserGetsOneResult()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        var bot = await BotHarness.StartAsync(Ct, settings: WorkerSettings.Bot(redis), services: s =>
            s.Replace(ServiceDescriptor.Singleton<IImageGenerator>(sp => new GatedImageGenerator(sp.GetRequiredService<RemoteImageGenerator>(), true))));
        await using var _ = bot;
        var demo = Directory.CreateTempSubdirectory("diffusionbot-child-demo-").FullName;
        using var doomed = ChildWorker.Start(WorkerSettings.Worker(redis, "doomed", Path.Combine(demo, WorkerSettings.ModelName)));
        await RedisWorkerTests.WaitUntilAsync(() => Task.FromResult(bot.Service<WorkerRegistry>().LiveWorkers == 1 || doomed.HasExited));
        Assert.False(doomed.HasExited, "the worker process exited at start: " + doomed.Output);
        var id = NextId();

        await bot.SendAsync(Slash(id, 7801, "imagine", Options(("prompt", "survives a crash"), ("steps", 400), ("size", "128x128"))), Ct);
        await bot.EditAsync(id, c => c.Contains("Generating… step", StringComparison.Ordinal), Ct);
        await doomed.KillAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var pending = await connection.GetDatabase().StreamPendingAsync(new StreamKeys("diffusionbot").Jobs("demo"), StreamKeys.WorkerGroup);
        Assert.Equal(1, pending.PendingMessageCount);
        Assert.Equal("doomed", pending.Consumers.Single().Name.ToString());
        await using var rescuer = InProcessWorker.Start(WorkerSettings.Worker(redis, "rescuer"), inner => new GatedImageGenerator(inner, startOpen: true));

        var result = await bot.ResultAsync(id, Ct);

        Assert.Equal("survives a crash", BotHarness.Field(result, "Prompt"));
        Assert.Equal(["survives a crash"], ((GatedImageGenerator)rescuer.Generator!).Order);
        Assert.Equal(1, (await bot.Service<QuotaService>().GetStatusAsync(7801, Ct)).Used);
        Assert.Equal(JobStatus.Succeeded, (await bot.Service<IJobStore>().GetAsync(Assert.Single(await bot.Service<IJobStore>().ListByRequesterAsync(7801, null, 5, [], Ct)).Id, Ct))!.Status);
        Assert.Single(bot.Rest.Requests, r => r.Files.Count > 0 && r.RouteValues.GetValueOrDefault("interaction_token") == TokenFor(id));
        bot.DeleteFolder();
        Directory.Delete(demo, recursive: true);
    }
}
