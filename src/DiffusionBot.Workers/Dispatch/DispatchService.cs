using DiffusionBot.Core.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Workers.Dispatch;

/// <summary>
/// The bot's generator loop when workers are configured (instead of the single in-process one): recovers the jobs left
/// by the last run, then keeps up to <see cref="WorkerRegistry.Capacity"/> jobs out of the fair queue at once, each
/// going through the usual <see cref="GenerationWorker"/> steps with the remote generator. The rest wait in fair order
/// under the per-user caps, however many workers there are.
/// </summary>
internal sealed class DispatchService(JobRecovery recovery, GenerationWorker worker, WorkerRegistry registry, ILogger<DispatchService> logger) : BackgroundService
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
            WorkersLog.DispatchFailed(logger, ex);
        }

        var slots = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            slots.RemoveAll(t => t.IsCompleted);
            if (slots.Count < registry.Capacity)
            {
                slots.Add(RunOneAsync(stoppingToken));
                continue;
            }
            try
            {
                await Task.WhenAny(Task.WhenAny(slots), registry.WaitChangeAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        await Task.WhenAll(slots);
    }

    private async Task RunOneAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await worker.ProcessNextAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            WorkersLog.DispatchFailed(logger, ex);
        }
    }
}
