using DiffusionBot.Core.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot.Generation;

/// <summary>The single generator: first recovers jobs left queued or running by the last run, then works the queue.</summary>
internal sealed class GeneratorService(JobRecovery recovery, GenerationWorker worker, ILogger<GeneratorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var report = await recovery.RecoverAsync(stoppingToken);
            BotLog.Recovered(logger, report.Requeued.Count, report.Failed.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        await worker.RunAsync(stoppingToken);
    }
}
