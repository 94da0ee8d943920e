using DiffusionBot.Bot.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Cli;

/// <summary>
/// <c>health</c>: reads the state file the running bot writes and exits 0 when healthy, 1 when not (Docker's
/// HEALTHCHECK codes; anything wrong with the check itself, such as bad configuration, is also 1).
/// </summary>
internal static class HealthCommand
{
    public const string Usage = "health";
    public const int Healthy = 0;
    public const int Unhealthy = 1;

    public static async Task<int> ExecuteAsync(IReadOnlyDictionary<string, string?>? configuration, Action<HostApplicationBuilder>? configure,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var builder = DiffusionHost.CreateBuilder(configuration, b =>
        {
            b.Services.AddHealthOptions(b.Configuration);
            configure?.Invoke(b);
        });
        using var host = builder.Build();
        HealthOptions options;
        try
        {
            options = host.Services.GetRequiredService<IOptions<HealthOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync(("Configuration is invalid: " + ex.Message).AsMemory(), cancellationToken);
            return Unhealthy;
        }
        var time = host.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var state = await HealthStateFile.ReadAsync(options.StatePath, cancellationToken);
        var verdict = HealthVerdict.Evaluate(state, time.GetUtcNow(), options);
        await (verdict.Healthy ? stdout : stderr).WriteLineAsync(verdict.Reason.AsMemory(), cancellationToken);
        return verdict.Healthy ? Healthy : Unhealthy;
    }
}
