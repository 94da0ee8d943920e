using DiffusionBot.Core.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot.Generation;

/// <summary>
/// The single generator: first recovers jobs left queued or running by the last run, then works the queue. Recovery
/// never keeps the worker from starting: whatever it could not do is logged and left for the next start.
/// </summary>
internal sealed class GeneratorService(JobRecovery recovery, GenerationWorker worker, ILogger<GeneratorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await recovery.RecoverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            BotLog.RecoveryFailed(logger, ex);
        }
        await worker.RunAsync(stoppingToken);
    }
}
