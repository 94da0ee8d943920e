using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using DiffusionBot.Bot;
using DiffusionBot.Bot.Generation;
using DiffusionBot.Cli;
using DiffusionBot.Core.Ports;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Rest;
using DiffusionBot.Workers.Dispatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Benchmarks.Workers;

/// <summary>
/// <c>workers</c>: images per second through the whole bot (fake Discord, LiteDB, demo model at 128×128, 20 steps) with the
/// in-process generator, and with 1 and 2 <c>worker</c> hosts behind a real redis-server; then, one job at a time, the
/// time the Redis hop adds: bot hands the job out → a worker starts it, and the worker's images are done → the result
/// is posted (against the same in-process figure). Every engine runs with one intra-op thread.
/// </summary>
internal static class WorkersThroughputRun
{
    private const int Jobs = 24;
    private const int LatencyJobs = 12;
    private const ulong GuildId = 333333333333333333;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static long _nextId = 900_000_000_000_000_000;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var redisServer = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (redisServer is null)
        {
            await output.WriteLineAsync("redis-server is not installed: apt-get install redis-server");
            return 2;
        }
        var root = Directory.CreateTempSubdirectory("diffusionbot-bench-workers-").FullName;
        var port = FreePort();
        using var redis = Process.Start(new ProcessStartInfo(redisServer)
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", root, "--appendonly", "yes", "--save", "", "--loglevel", "warning" },
            UseShellExecute = false,
        })!;
        try
        {
            await Task.Delay(500, ct);
            var endpoint = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"{Environment.ProcessorCount} cores; {Jobs} jobs of 1 image 128x128, 20 steps, demo model, IntraOpThreads=1 per engine");
            foreach (var workers in new[] { 0, 1, 2 })
            {
                var run = await RunScenarioAsync(workers, endpoint, root, ct);
                var name = workers == 0 ? "in-process generator" : $"{workers} worker(s) over Redis";
                await output.WriteLineAsync($"{name}: {run.ImagesPerSecond.ToString("0.00", CultureInfo.InvariantCulture)} images/s; " +
                    $"hand-out -> worker start p50 {Ms(run.StartP50)} ms (max {Ms(run.StartMax)}); images done -> posted p50 {Ms(run.PostedP50)} ms (max {Ms(run.PostedMax)})");
            }
            return 0;
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync(CancellationToken.None);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record Scenario(double ImagesPerSecond, double StartP50, double StartMax, double PostedP50, double PostedMax);

    private static async Task<Scenario> RunScenarioAsync(int workers, string redis, string root, CancellationToken ct)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "run-" + workers.ToString(CultureInfo.InvariantCulture))).FullName;
        var demo = Path.Combine(root, "demo-model");
        var prefix = "bench" + workers.ToString(CultureInfo.InvariantCulture);
        var shared = new Dictionary<string, string?>
        {
            ["Generator:DemoModelPath"] = demo,
            ["Generator:IntraOpThreads"] = "1",
            ["Models:BuiltIn:Sizes:0"] = "128x128",
            ["Models:BuiltIn:Size"] = "128x128",
            ["Models:BuiltIn:Steps"] = "20",
            ["Models:BuiltIn:Schedulers:0"] = "euler_a",
            ["Models:BuiltIn:Scheduler"] = "euler_a",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (workers > 0)
        {
            shared["Workers:Redis"] = redis;
            shared["Workers:KeyPrefix"] = prefix;
            shared["Workers:HeartbeatInterval"] = "00:00:00.500";
            shared["Workers:WorkerTimeout"] = "00:00:03";
            shared["Workers:ClaimAfter"] = "00:00:30";
        }
        await using var discord = await FakeDiscordServer.StartAsync(ct);
        var bot = BuildBot(discord, folder, shared, workers > 0, out var botStamps);
        var workerHosts = new List<(CancellationTokenSource Stop, Task Run)>();
        var workerStamps = new List<StampedGenerator>();
        try
        {
            await bot.StartAsync(ct);
            await discord.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.OverwriteGuildCommands, Timeout, ct);
            for (var i = 0; i < workers; i++)
            {
                var stop = new CancellationTokenSource();
                var settings = new Dictionary<string, string?>(shared) { ["Workers:WorkerName"] = "bench-w" + i.ToString(CultureInfo.InvariantCulture) };
                var run = Task.Run(() => CliApp.RunAsync(["worker"], TextWriter.Null, Console.Error, stop.Token, settings, b =>
                    b.Services.Replace(ServiceDescriptor.Singleton<IImageGenerator>(sp =>
                    {
                        var stamped = new StampedGenerator(ActivatorUtilities.CreateInstance<EngineImageGenerator>(sp));
                        lock (workerStamps) workerStamps.Add(stamped);
                        return stamped;
                    }))), ct);
                workerHosts.Add((stop, run));
            }
            if (workers > 0)
            {
                var registry = bot.Services.GetRequiredService<WorkerRegistry>();
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Timeout);
                while (registry.LiveWorkers < workers) await Task.Delay(50, wait.Token);
            }

            // Warm-up: every engine loads its model and runs once.
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers) * 2).Select(i => ImagineAsync(discord, 10 + (ulong)i, $"warm-{i}", ct)));

            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Jobs).Select(i => ImagineAsync(discord, 100 + (ulong)i, $"load-{i}", ct)));
            var imagesPerSecond = Jobs / Stopwatch.GetElapsedTime(started).TotalSeconds;

            var toStart = new List<double>();
            var toPosted = new List<double>();
            for (var i = 0; i < LatencyJobs; i++)
            {
                var prompt = $"latency-{i}";
                var posted = await ImagineAsync(discord, 500 + (ulong)i, prompt, ct);
                var engine = workers == 0 ? botStamps : workerStamps.First(s => s.CalledAt.ContainsKey(prompt));
                toStart.Add(Stopwatch.GetElapsedTime(botStamps.CalledAt[prompt], engine.CalledAt[prompt]).TotalMilliseconds);
                toPosted.Add(Stopwatch.GetElapsedTime(engine.FinishedAt[prompt], posted).TotalMilliseconds);
            }
            return new Scenario(imagesPerSecond, Median(toStart), toStart.Max(), Median(toPosted), toPosted.Max());
        }
        finally
        {
            await bot.StopAsync(CancellationToken.None);
            bot.Dispose();
            foreach (var (stop, run) in workerHosts)
            {
                await stop.CancelAsync();
                await run;
                stop.Dispose();
            }
        }
    }

    private static IHost BuildBot(FakeDiscordServer discord, string folder, Dictionary<string, string?> shared, bool remote, out StampedGenerator stamps)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(shared)
        {
            ["Discord:Token"] = "bench-token",
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:GatewayUrl"] = discord.GatewayUrl,
            ["Discord:GuildIds:0"] = GuildId.ToString(CultureInfo.InvariantCulture),
            ["Limits:GlobalQueueCap"] = "10000",
            ["Quotas:DefaultAllowance"] = "1000",
            ["Storage:DatabasePath"] = Path.Combine(folder, "bot.db"),
            ["Health:StatePath"] = Path.Combine(folder, "health.json"),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBot(builder.Configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton<IImageGenerator>(sp => new StampedGenerator(remote
            ? sp.GetRequiredService<RemoteImageGenerator>()
            : ActivatorUtilities.CreateInstance<EngineImageGenerator>(sp))));
        var host = builder.Build();
        stamps = (StampedGenerator)host.Services.GetRequiredService<IImageGenerator>();
        return host;
    }

    /// <summary>Sends one /imagine and returns when the fake Discord received its image (Stopwatch timestamp).</summary>
    private static async Task<long> ImagineAsync(FakeDiscordServer discord, ulong user, string prompt, CancellationToken ct)
    {
        var id = (ulong)Interlocked.Increment(ref _nextId);
        var token = "wtok-" + id.ToString(CultureInfo.InvariantCulture);
        await discord.Gateway.SendDispatchAsync("INTERACTION_CREATE", Imagine(id, token, user, prompt), ct);
        await discord.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.Files.Count > 0 && r.RouteValues["interaction_token"] == token, Timeout, ct);
        return Stopwatch.GetTimestamp();
    }

    private static JsonObject Imagine(ulong id, string token, ulong userId, string prompt) => new()
    {
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["application_id"] = "111111111111111111",
        ["type"] = 2,
        ["token"] = token,
        ["version"] = 1,
        ["guild_id"] = GuildId.ToString(CultureInfo.InvariantCulture),
        ["channel_id"] = "444444444444444444",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = userId.ToString(CultureInfo.InvariantCulture), ["username"] = "bench" },
            ["roles"] = new JsonArray(),
            ["permissions"] = "0",
        },
        ["data"] = new JsonObject
        {
            ["id"] = "555555555555555555",
            ["name"] = "imagine",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "prompt", ["type"] = 3, ["value"] = prompt }),
        },
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
