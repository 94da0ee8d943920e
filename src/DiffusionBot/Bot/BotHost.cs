using DiffusionBot.Cli;
using DiffusionBot.Discord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DiffusionBot.Bot;

/// <summary>The <c>run</c> command: the bot host, after checking that a Discord token is configured.</summary>
internal static class BotHost
{
    public const string MissingTokenMessage =
        "No Discord bot token is configured. Set the environment variable Discord__Token=<your bot token> " +
        "(or, for development, `dotnet user-secrets set Discord:Token <your bot token> --project src/DiffusionBot`) and start again.";

    /// <summary>Exit code when the configuration is unusable (same as other configuration problems).</summary>
    public const int ConfigurationExitCode = 3;

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?>? configuration, Action<HostApplicationBuilder>? configure,
        TextWriter stderr, CancellationToken cancellationToken)
    {
        var builder = DiffusionHost.CreateBuilder(configuration, b =>
        {
            UserSecretsConfiguration.AddBelowEnvironment(b.Configuration, typeof(BotHost).Assembly);
            if (configuration is { Count: > 0 }) b.Configuration.AddInMemoryCollection(configuration);
            b.Services.AddBot(b.Configuration);
            configure?.Invoke(b);
        });
        if (string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]))
        {
            await stderr.WriteLineAsync(MissingTokenMessage.AsMemory(), cancellationToken);
            return ConfigurationExitCode;
        }
        using var host = builder.Build();
        var fatal = host.Services.GetRequiredService<IDiscordFatalError>();
        await host.RunAsync(cancellationToken);
        if (fatal.Reason is { } reason)
        {
            await stderr.WriteLineAsync((reason + ".").AsMemory(), CancellationToken.None);
            return ConfigurationExitCode;
        }
        return 0;
    }
}
