using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DiffusionBot.Bot;
using DiffusionBot.Bot.Generation;
using DiffusionBot.Core.Ports;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>
/// The real bot host (Host.CreateApplicationBuilder + AddBot) against a fake Discord, with the demo model, 64×64 images,
/// 2 steps and a LiteDB file in a temp folder. <see cref="Generator"/> wraps the engine adapter (open unless asked).
/// </summary>
internal sealed class BotHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly string SharedDemoModel = Path.Combine(Path.GetTempPath(), "diffusionbot-tests-demo-model");

    private readonly bool _ownsDiscord;
    private readonly long _firstSequence;

    private BotHarness(FakeDiscordServer discord, IHost host, GatedImageGenerator generator, string folder, bool ownsDiscord, long before)
    {
        _firstSequence = before;
        Discord = discord;
        Host = host;
        Generator = generator;
        Folder = folder;
        _ownsDiscord = ownsDiscord;
    }

    public FakeDiscordServer Discord { get; }
    public IHost Host { get; }
    public GatedImageGenerator Generator { get; }
    public string Folder { get; }
    public FakeRestApi Rest => Discord.Rest;
    public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<BotHarness> StartAsync(
        CancellationToken ct, bool gateOpen = true, IDictionary<string, string?>? settings = null,
        FakeDiscordServer? discord = null, string? folder = null, bool guildScoped = true, Action<IServiceCollection>? services = null)
    {
        folder ??= Directory.CreateTempSubdirectory("diffusionbot-e2e-").FullName;
        var ownsDiscord = discord is null;
        discord ??= await FakeDiscordServer.StartAsync(ct);
        var config = new Dictionary<string, string?>
        {
            ["Discord:Token"] = "test-bot-token",
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:GatewayUrl"] = discord.GatewayUrl,
            ["Generator:DemoModelPath"] = SharedDemoModel,
            ["Generator:IntraOpThreads"] = "1",
            ["Models:BuiltIn:Sizes:0"] = "64x64",
            ["Models:BuiltIn:Sizes:1"] = "128x128",
            ["Models:BuiltIn:Size"] = "64x64",
            ["Models:BuiltIn:Steps"] = "2",
            ["Models:BuiltIn:MaxSteps"] = "50",
            ["Models:BuiltIn:Schedulers:0"] = "euler_a",
            ["Models:BuiltIn:Schedulers:1"] = "euler",
            ["Models:BuiltIn:Schedulers:2"] = "ddim",
            ["Models:BuiltIn:Scheduler"] = "euler_a",
            ["Limits:ProgressEditInterval"] = "00:00:00.050",
            ["Limits:GlobalQueueCap"] = "200",
            ["Storage:DatabasePath"] = Path.Combine(folder, "bot.db"),
            ["Storage:ImageDirectory"] = Path.Combine(folder, "images"),
            ["Health:StatePath"] = Path.Combine(folder, "health.json"),
        };
        if (guildScoped) config["Discord:GuildIds:0"] = Interactions.GuildId.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = folder,
            EnvironmentName = "Test",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBot(builder.Configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton<IImageGenerator>(sp =>
            new GatedImageGenerator(ActivatorUtilities.CreateInstance<EngineImageGenerator>(sp), gateOpen)));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        var before = discord.Rest.Requests.Select(r => r.Sequence).DefaultIfEmpty(0).Max();
        var harness = new BotHarness(discord, host, (GatedImageGenerator)host.Services.GetRequiredService<IImageGenerator>(), folder, ownsDiscord, before);
        await host.StartAsync(ct);
        await harness.Rest.WaitForRequestAsync(
            r => r.Route is FakeRestApi.OverwriteGuildCommands or FakeRestApi.OverwriteGlobalCommands && r.Sequence > before, Timeout, ct);
        return harness;
    }

    /// <summary>Sends an interaction and returns the moment it was sent (Stopwatch timestamp).</summary>
    public async Task<long> SendAsync(JsonObject interaction, CancellationToken ct)
    {
        var sent = Stopwatch.GetTimestamp();
        await Discord.Gateway.SendDispatchAsync("INTERACTION_CREATE", interaction, ct);
        return sent;
    }

    public Task<RecordedRequest> CallbackAsync(ulong interactionId, CancellationToken ct) =>
        Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.InteractionCallback && r.RouteValues["interaction_id"] == Id(interactionId), Timeout, ct);

    /// <summary>The edit of the interaction's original answer that carries the result image.</summary>
    public Task<RecordedRequest> ResultAsync(ulong interactionId, CancellationToken ct) =>
        Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == Interactions.TokenFor(interactionId) && r.Files.Count > 0, Timeout, ct);

    public Task<RecordedRequest> EditAsync(ulong interactionId, Func<string, bool> content, CancellationToken ct) =>
        Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == Interactions.TokenFor(interactionId)
            && content(r.Json?["content"]?.GetValue<string>() ?? ""), Timeout, ct);

    /// <summary>The ephemeral text the user saw: an immediate type-4 reply, or the follow-up after a withdrawn deferral.</summary>
    public async Task<string> EphemeralAsync(ulong interactionId, CancellationToken ct)
    {
        var token = Interactions.TokenFor(interactionId);
        var request = await Rest.WaitForRequestAsync(r =>
            (r.Route == FakeRestApi.CreateFollowup && r.RouteValues["interaction_token"] == token) ||
            (r.Route == FakeRestApi.InteractionCallback && r.RouteValues["interaction_id"] == Id(interactionId) && r.Json?["type"]?.GetValue<int>() == 4) ||
            (r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == token && IsEphemeralDeferral(interactionId)), Timeout, ct);
        var json = request.Json!;
        var data = request.Route == FakeRestApi.InteractionCallback ? json["data"]! : json;
        if (request.Route != FakeRestApi.EditOriginal)
            Assert.Equal(64, data["flags"]!.GetValue<int>() & 64);
        return data["content"]!.GetValue<string>();
    }

    private bool IsEphemeralDeferral(ulong interactionId) =>
        Rest.Requests.Any(r => r.Route == FakeRestApi.InteractionCallback && r.RouteValues["interaction_id"] == Id(interactionId)
            && r.Json?["type"]?.GetValue<int>() == 5 && ((r.Json?["data"]?["flags"]?.GetValue<int>() ?? 0) & 64) == 64);

    public static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    public static string Field(RecordedRequest result, string name) =>
        result.Json!["embeds"]![0]!["fields"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();

    public static IReadOnlyList<string> CustomIds(RecordedRequest request) =>
        [.. request.Json!["components"]!.AsArray().SelectMany(row => row!["components"]!.AsArray()).Select(c => c!["custom_id"]!.GetValue<string>())];

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Host.StopAsync(stop.Token);
        }
        finally
        {
            Host.Dispose();
            if (_ownsDiscord) await Discord.DisposeAsync();
        }
        AssertNoBodyRefused();
    }

    /// <summary>Every message the bot sent kept Discord's limits: the fake refused none of them (400 / 50035).</summary>
    private void AssertNoBodyRefused()
    {
        var refused = Rest.RefusedForTheirBody(_firstSequence);
        if (refused.Count > 0)
            Assert.Fail("Discord would have refused these bodies (Invalid Form Body): " + string.Join("; ", refused.Select(r => $"{r.Route} {r.FormErrors!.ToJsonString()}")));
    }

    /// <summary>Deletes the temp folder (after the host released the database).</summary>
    public void DeleteFolder()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
