using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Health;

/// <summary>Writes the health state at start and every Health:WriteInterval, for the <c>health</c> command (Docker HEALTHCHECK).</summary>
internal sealed class HealthReporter(HealthSampler sampler, IOptions<HealthOptions> options, TimeProvider time, ILogger<HealthReporter> logger) : BackgroundService
{
    public async Task ReportOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await HealthStateFile.WriteAsync(options.Value.StatePath, sampler.Sample(), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BotLog.HealthWriteFailed(logger, ex, options.Value.StatePath);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReportOnceAsync(stoppingToken);
                await Task.Delay(options.Value.WriteInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
