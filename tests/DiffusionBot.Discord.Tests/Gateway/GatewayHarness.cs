using Xunit;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>A real host running AddDiscordClient against the fake Discord over loopback, with captured logs.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public const string Token = "SECRET-TEST-TOKEN.abc123.xyz789";

    private readonly ChangeSignal _logged;

    private GatewayHarness(FakeDiscordServer server, IHost host, FakeLogCollector logs, ChangeSignal logged)
    {
        Server = server;
        Host = host;
        Logs = logs;
        _logged = logged;
    }

    public FakeDiscordServer Server { get; }

    public FakeGateway Gateway => Server.Gateway;

    public IHost Host { get; }

    public FakeLogCollector Logs { get; }

    public EventRecorder Events => Host.Services.GetRequiredService<EventRecorder>();

    public IHostApplicationLifetime Lifetime => Host.Services.GetRequiredService<IHostApplicationLifetime>();

    public static async Task<GatewayHarness> StartAsync(
        CancellationToken cancellationToken,
        Action<FakeGateway>? gateway = null,
        Action<Dictionary<string, string?>>? configuration = null,
        Action<IServiceCollection>? services = null,
        double random = 0.5)
    {
        var server = await FakeDiscordServer.StartAsync(cancellationToken);
        gateway?.Invoke(server.Gateway);
        var settings = new Dictionary<string, string?>
        {
            ["Discord:Token"] = Token,
            ["Discord:ApiBaseUrl"] = server.ApiBaseUrl,
            ["Discord:GatewayUrl"] = server.GatewayUrl,
            ["Discord:ReconnectBackoffMin"] = "00:00:00.050",
            ["Discord:ReconnectBackoffMax"] = "00:00:00.200",
        };
        configuration?.Invoke(settings);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        var logged = new ChangeSignal();
        var logs = new FakeLogCollector(Microsoft.Extensions.Options.Options.Create(new FakeLogCollectorOptions { OutputSink = _ => logged.Changed() }));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<ILoggerProvider>(_ => new FakeLoggerProvider(logs));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<IGatewayRandom>(new FixedGatewayRandom(random));
        services?.Invoke(builder.Services);
        builder.Services.AddDiscordClient(builder.Configuration);
        builder.Services.AddSingleton<EventRecorder>();
        builder.Services.AddDiscordEventHandler<ReadyEvent, RecordingHandler>();
        builder.Services.AddDiscordEventHandler<ResumedEvent, RecordingHandler>();
        builder.Services.AddDiscordEventHandler<GuildCreateEvent, RecordingHandler>();
        builder.Services.AddDiscordEventHandler<MessageReactionAddEvent, RecordingHandler>();
        builder.Services.AddDiscordEventHandler<InteractionCreateEvent, RecordingHandler>();

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new GatewayHarness(server, host, logs, logged);
    }

    /// <summary>Waits until the client is identified and READY has reached the handlers.</summary>
    public async Task<ReadyEvent> WaitForReadyAsync(CancellationToken cancellationToken) =>
        await Events.WaitForAsync<ReadyEvent>(TimeSpan.FromSeconds(10), cancellationToken);

    public IReadOnlyList<FakeLogRecord> LogRecords => Logs.GetSnapshot();

    /// <summary>Log lines containing <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<string> LogLinesContaining(string text) =>
        [.. LogRecords.Select(r => r.Message).Where(m => m.Contains(text, StringComparison.Ordinal))];

    /// <summary>
    /// Waits until <paramref name="count"/> log lines contain <paramref name="text"/>. The client logs its waits
    /// ("Reconnecting … in N ms", "waiting N ms before IDENTIFY", "waiting up to N ms for HELLO") after starting their
    /// timers, so a test on a fake clock may advance it as soon as the line is there.
    /// </summary>
    public Task WaitForLogAsync(string text, CancellationToken cancellationToken, int count = 1) =>
        WaitForLogsAsync(() => LogLinesContaining(text).Count >= count, TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> (on the log records) holds, checking it as each record arrives.</summary>
    public Task WaitForLogsAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        _logged.WaitUntilAsync(condition, timeout, cancellationToken);

    /// <summary>Waits until the host has begun to stop.</summary>
    public Task WaitForStoppingAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        ChangeSignal.WaitForStoppingAsync(Lifetime, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(CancellationToken.None);
        }
        finally
        {
            Host.Dispose();
            await Server.DisposeAsync();
        }

        // Every test also checks that the token never reached a log line or a logged exception.
        foreach (var record in Logs.GetSnapshot())
        {
            Assert.DoesNotContain(Token, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, record.Exception?.ToString() ?? "", StringComparison.Ordinal);
        }
    }
}
