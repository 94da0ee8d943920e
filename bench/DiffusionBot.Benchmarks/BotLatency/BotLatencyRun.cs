using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DiffusionBot.Bot;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Benchmarks.BotLatency;

/// <summary>
/// <c>bot-latency</c>: the real bot host against the fake Discord on loopback, demo model.
/// (1) INTERACTION_CREATE sent → deferral (type 5) received by the fake, with 100 /imagine interactions in flight at once
/// (the generator is held, so only the interaction path is measured);
/// (2) the generator handing back a PNG → the fake having received the upload (store, embed, buttons, multipart, HTTP).
/// </summary>
internal static class BotLatencyRun
{
    private const ulong ApplicationId = 111111111111111111;
    private const ulong GuildId = 333333333333333333;
    private const int Concurrent = 100;
    private const int UploadJobs = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static long _nextId = 800_000_000_000_000_000;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-bench-").FullName;
        await using var discord = await FakeDiscordServer.StartAsync(ct);
        using var host = Build(discord, folder, out var generator);
        await host.StartAsync(ct);
        try
        {
            await discord.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.OverwriteGuildCommands, Timeout, ct);

            await DeferLatenciesAsync(discord, 20, 1, ct);
            var single = new List<double>();
            for (var i = 0; i < 20; i++) single.AddRange(await DeferLatenciesAsync(discord, 1, 500 + (ulong)i, ct));
            await output.WriteLineAsync($"interaction -> defer, one at a time: p50 {Ms(Percentile([.. single], 0.50))} ms, max {Ms(single.Max())} ms");
            var defer = await DeferLatenciesAsync(discord, Concurrent, 1000, ct);
            await output.WriteLineAsync($"interaction -> defer, {Concurrent} concurrent /imagine: p50 {Ms(Percentile(defer, 0.50))} ms, p99 {Ms(Percentile(defer, 0.99))} ms, min {Ms(defer.Min())} ms, max {Ms(defer.Max())} ms");

            // Let the held jobs through, then measure uploads on an idle queue.
            generator.Open();
            var queue = host.Services.GetRequiredService<FairJobQueue>();
            var running = host.Services.GetRequiredService<RunningJobs>();
            using (var drain = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                drain.CancelAfter(TimeSpan.FromMinutes(3));
                while (queue.Count > 0 || running.Current.Count > 0) await Task.Delay(50, drain.Token);
            }
            foreach (var size in new[] { "64x64", "512x512" })
            {
                var overheads = await UploadOverheadsAsync(discord, generator, size, ct);
                await output.WriteLineAsync($"job done -> image posted ({size} PNG, {UploadJobs} jobs one at a time): p50 {Ms(Percentile(overheads, 0.50))} ms, p99 {Ms(Percentile(overheads, 0.99))} ms, max {Ms(overheads.Max())} ms");
            }
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static IHost Build(FakeDiscordServer discord, string folder, out TimedImageGenerator generator)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = "bench-token",
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:GatewayUrl"] = discord.GatewayUrl,
            ["Discord:GuildIds:0"] = GuildId.ToString(CultureInfo.InvariantCulture),
            ["Generator:DemoModelPath"] = Path.Combine(folder, "demo-model"),
            ["Models:BuiltIn:Sizes:0"] = "64x64",
            ["Models:BuiltIn:Sizes:1"] = "512x512",
            ["Models:BuiltIn:Steps"] = "2",
            ["Models:BuiltIn:MaxSteps"] = "50",
            ["Models:BuiltIn:Schedulers:0"] = "euler_a",
            ["Limits:GlobalQueueCap"] = "10000",
            ["Quotas:DefaultAllowance"] = "1000",
            ["Storage:DatabasePath"] = Path.Combine(folder, "bot.db"),
            ["Health:StatePath"] = Path.Combine(folder, "health.json"),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBot(builder.Configuration);

        var original = builder.Services.Last(d => d.ServiceType == typeof(IImageGenerator));
        builder.Services.Remove(original);
        var implementation = original.ImplementationType!;
        builder.Services.AddSingleton(implementation);
        builder.Services.AddSingleton(sp => new TimedImageGenerator((IImageGenerator)sp.GetRequiredService(implementation)));
        builder.Services.AddSingleton<IImageGenerator>(sp => sp.GetRequiredService<TimedImageGenerator>());
        var host = builder.Build();
        generator = host.Services.GetRequiredService<TimedImageGenerator>();
        return host;
    }

    private static async Task<double[]> DeferLatenciesAsync(FakeDiscordServer discord, int count, ulong firstUser, CancellationToken ct)
    {
        var sends = new (ulong Id, long SentAt)[count];
        for (var i = 0; i < count; i++)
        {
            var id = (ulong)Interlocked.Increment(ref _nextId);
            var payload = Imagine(id, firstUser + (ulong)i, $"load-{firstUser}-{i}", "64x64");
            sends[i] = (id, Stopwatch.GetTimestamp());
            await discord.Gateway.SendDispatchAsync("INTERACTION_CREATE", payload, ct);
        }
        var waits = sends.Select(async s =>
        {
            var key = s.Id.ToString(CultureInfo.InvariantCulture);
            await discord.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.InteractionCallback && r.RouteValues["interaction_id"] == key, Timeout, ct);
            return Stopwatch.GetElapsedTime(s.SentAt).TotalMilliseconds;
        });
        return await Task.WhenAll(waits);
    }

    private static async Task<double[]> UploadOverheadsAsync(FakeDiscordServer discord, TimedImageGenerator generator, string size, CancellationToken ct)
    {
        var overheads = new double[UploadJobs];
        for (var i = 0; i < UploadJobs; i++)
        {
            var id = (ulong)Interlocked.Increment(ref _nextId);
            var prompt = $"upload-{size}-{i}";
            var token = "btok-" + id.ToString(CultureInfo.InvariantCulture);
            await discord.Gateway.SendDispatchAsync("INTERACTION_CREATE", Imagine(id, 5000 + (ulong)i, prompt, size), ct);
            await discord.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.Files.Count > 0 && r.RouteValues["interaction_token"] == token, Timeout, ct);
            var received = Stopwatch.GetTimestamp();
            overheads[i] = Stopwatch.GetElapsedTime(generator.FinishedAt[prompt], received).TotalMilliseconds;
        }
        return overheads;
    }

    private static JsonObject Imagine(ulong id, ulong userId, string prompt, string size) => new()
    {
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["application_id"] = ApplicationId.ToString(CultureInfo.InvariantCulture),
        ["type"] = 2,
        ["token"] = "btok-" + id.ToString(CultureInfo.InvariantCulture),
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
            ["options"] = new JsonArray(
                new JsonObject { ["name"] = "prompt", ["type"] = 3, ["value"] = prompt },
                new JsonObject { ["name"] = "size", ["type"] = 3, ["value"] = size }),
        },
    };

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
