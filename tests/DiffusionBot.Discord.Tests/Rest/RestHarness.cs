using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using DiffusionBot.FakeDiscord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace DiffusionBot.Discord.Tests.Rest;

/// <summary>The real REST client (via AddDiscordRest) against the fake Discord over loopback, with captured logs.</summary>
internal sealed class RestHarness : IAsyncDisposable
{
    public const string BotToken = "MTAxNjQ4NzY1NDMyMTA5ODc2NQ.Gx1yZ2.bot-token-secret-do-not-log";
    public const string InteractionToken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQtaW50ZXJhY3Rpb24tdG9rZW4";
    public const ulong AppId = 1_111_111_111_111_111_111;
    public const ulong InteractionId = 1_222_222_222_222_222_222;
    public const ulong ChannelId = 1_333_333_333_333_333_333;
    public const ulong GuildId = 1_444_444_444_444_444_444;

    private RestHarness(FakeDiscordServer server, ServiceProvider services)
    {
        Server = server;
        Services = services;
        Client = services.GetRequiredService<IDiscordRestClient>();
        Logs = services.GetFakeLogCollector();
    }

    public FakeDiscordServer Server { get; }

    public ServiceProvider Services { get; }

    public IDiscordRestClient Client { get; }

    public FakeLogCollector Logs { get; }

    public static async Task<RestHarness> StartAsync(
        CancellationToken cancellationToken, Action<DiscordOptions>? configure = null, string? token = BotToken, Action<IServiceCollection>? configureServices = null)
    {
        var server = await FakeDiscordServer.StartAsync(cancellationToken);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddOptions<DiscordOptions>().Configure(options =>
        {
            options.Token = token;
            options.ApiBaseUrl = server.ApiBaseUrl;
            options.UserAgentUrl = "https://example.invalid";
            options.UserAgentVersion = "0.1";
            configure?.Invoke(options);
        });
        services.AddSingleton(new RestRetryPolicy { ServerErrorBackoff = TimeSpan.FromMilliseconds(20) });
        services.AddDiscordRest();
        configureServices?.Invoke(services);
        return new RestHarness(server, services.BuildServiceProvider());
    }

    /// <summary>Every captured log line, its structured state and any exception text.</summary>
    public string AllLogText() => string.Join(
        "\n",
        Logs.GetSnapshot().Select(r =>
            $"{r.Category} {r.Level} {r.Message} {string.Join(";", r.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? [])} {r.Exception}"));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        var refused = Server.Rest.RefusedForTheirBody();
        if (refused.Count > 0)
            Assert.Fail("Discord would have refused these bodies (Invalid Form Body): " + string.Join("; ", refused.Select(r => $"{r.Route} {r.FormErrors!.ToJsonString()}")));
    }
}
