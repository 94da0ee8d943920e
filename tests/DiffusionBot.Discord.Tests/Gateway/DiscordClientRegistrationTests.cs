using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Xunit;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class DiscordClientRegistrationTests
{
    [Fact]
    public void AddDiscordClient_Configuration_BindsOptionsAndRegistersHostedServices()
    {
        using var provider = Build(new() { ["Discord:Token"] = "t", ["Discord:Intents"] = "513", ["Discord:EventQueueCapacity"] = "7" });

        var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
        Assert.Equal(513, options.Intents);
        Assert.Equal(7, options.EventQueueCapacity);
        Assert.Equal(2, provider.GetServices<IHostedService>().Count());
    }

    [Fact]
    public void AddDiscordClient_NoIntentsConfigured_AsksOnlyForMessageReactions()
    {
        using var provider = Build(new() { ["Discord:Token"] = "t" });

        Assert.Equal(1 << 10, provider.GetRequiredService<IOptions<DiscordOptions>>().Value.Intents);
    }

    [Theory]
    [InlineData("Discord:ReconnectBackoffMin", "00:00:00", "ReconnectBackoffMin")]
    [InlineData("Discord:ReconnectBackoffMax", "00:00:00.1", "ReconnectBackoffMin")]
    [InlineData("Discord:GatewayUrl", "not a url", "GatewayUrl")]
    [InlineData("Discord:EventQueueCapacity", "0", "EventQueueCapacity")]
    public async Task StartAsync_InvalidOptions_FailsWithClearMessage(string key, string value, string mentioned)
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost(new() { ["Discord:Token"] = "t", [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(ct));

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NoToken_LogsOneClearLineAndStopsHost()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new FakeLogCollector();
        using var host = BuildHost(new() { ["Discord:GatewayUrl"] = "ws://127.0.0.1:9/gateway" }, logs);

        await host.StartAsync(ct);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await ChangeSignal.WaitForStoppingAsync(lifetime, TimeSpan.FromSeconds(5), ct);
        await host.StopAsync(ct);

        var line = Assert.Single(logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
        Assert.Contains("Discord__Token", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDiscordEventHandler_SameHandlerTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<EventRecorder>();

        services.AddDiscordEventHandler<ReadyEvent, RecordingHandler>();
        services.AddDiscordEventHandler<ReadyEvent, RecordingHandler>();
        services.AddDiscordEventHandler<ResumedEvent, RecordingHandler>();

        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        Assert.Single(scope.ServiceProvider.GetServices<IDiscordEventHandler<ReadyEvent>>());
        Assert.Single(scope.ServiceProvider.GetServices<IDiscordEventHandler<ResumedEvent>>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostApplicationLifetime, NoLifetime>();
        services.AddDiscordClient(configuration);
        return services.BuildServiceProvider();
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, FakeLogCollector? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        var collector = logs ?? new FakeLogCollector();
        builder.Services.AddSingleton<ILoggerProvider>(_ => new FakeLoggerProvider(collector));
        builder.Services.AddDiscordClient(builder.Configuration);
        return builder.Build();
    }

    private sealed class NoLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
