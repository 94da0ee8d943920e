using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>
/// What recovery did at start. <see cref="Unresolved"/>: jobs whose end could not be stored (the store failed); they stay
/// as they were and the next start tries again. <see cref="StoreUnavailable"/>: the pending jobs could not even be listed.
/// </summary>
public sealed record RecoveryReport(IReadOnlyList<JobId> Requeued, IReadOnlyList<JobId> Failed, IReadOnlyList<JobId> Unresolved, bool StoreUnavailable);

/// <summary>
/// At start, before the worker runs: jobs left Queued or Running go back in the queue in their original order;
/// those that can no longer run (model or scheduler gone, source image deleted) fail with a refund and a notice.
/// A store error never stops the bot: it is logged and reported, and the worker starts all the same.
/// </summary>
public sealed class JobRecovery(
    IJobStore jobs,
    IImageStore images,
    FairJobQueue queue,
    QueuePositions positions,
    QuotaService quotas,
    IJobNotifier notifier,
    IModelCatalog catalog,
    TimeProvider time,
    ILogger<JobRecovery> logger)
{
    private readonly SafeNotifier _notify = new(notifier, logger);

    public async Task<RecoveryReport> RecoverAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Job> pending;
        try
        {
            pending = await jobs.ListByStatusAsync([JobStatus.Queued, JobStatus.Running], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CoreLog.RecoveryListFailed(logger, ex);
            return new RecoveryReport([], [], [], StoreUnavailable: true);
        }

        var requeued = new List<JobId>();
        var failed = new List<JobId>();
        var unresolved = new List<JobId>();
        foreach (var job in pending.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id))
        {
            if (queue.Contains(job.Id)) continue;
            try
            {
                var problem = await ProblemAsync(job, cancellationToken);
                if (problem is null)
                {
                    await RequeueAsync(job, cancellationToken);
                    requeued.Add(job.Id);
                    continue;
                }
                job.MarkFailed(time.GetUtcNow(), problem);
                await quotas.RefundAndSaveAsync(job, cancellationToken);
                failed.Add(job.Id);
                await _notify.FailedAsync(job, problem, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CoreLog.RecoveryJobFailed(logger, ex, job.Id);
                unresolved.Add(job.Id);
            }
        }
        CoreLog.Recovered(logger, requeued.Count, failed.Count, unresolved.Count);
        return new RecoveryReport(requeued, failed, unresolved, StoreUnavailable: false);
    }

    /// <summary>Back in the queue. A failed save is only logged: Queued and Running are both recovered, and the worker
    /// saves the job again when it starts it.</summary>
    private async Task RequeueAsync(Job job, CancellationToken ct)
    {
        job.Requeue();
        try
        {
            await jobs.SaveAsync(job, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CoreLog.SaveFailed(logger, ex, job.Id);
        }
        var queued = queue.Restore(job);
        positions.Shown(job.Id, queued.Position);
        await _notify.QueuedAsync(job, queued.Position, ct);
    }

    private async Task<string?> ProblemAsync(Job job, CancellationToken ct)
    {
        var p = job.Parameters;
        const string Suffix = " after the bot restarted, so your job could not be resumed. Your quota was refunded.";
        if (!catalog.TryFind(p.Model, out var model)) return $"The model '{p.Model}' is no longer available" + Suffix;
        if (ImagineRequestParser.Find(model.Schedulers, p.Scheduler) is null) return $"The scheduler '{p.Scheduler}' is no longer available for {model.Name}" + Suffix;
        if (job.Kind is JobKind.Upscale or JobKind.Variation)
        {
            if (p.SourceJobId is not { } source || p.SourceImageIndex is not { } index || await images.LoadAsync(source, index, ct) is null)
                return "The source image was deleted" + Suffix;
        }
        return null;
    }
}
