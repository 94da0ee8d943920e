using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>What recovery did at start.</summary>
public sealed record RecoveryReport(IReadOnlyList<JobId> Requeued, IReadOnlyList<JobId> Failed);

/// <summary>
/// At start, before the worker runs: jobs left Queued or Running go back in the queue in their original order;
/// those that can no longer run (model or scheduler gone, source image deleted) fail with a refund and a notice.
/// </summary>
public sealed class JobRecovery(
    IJobStore jobs,
    IImageStore images,
    FairJobQueue queue,
    QuotaService quotas,
    IJobNotifier notifier,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<JobRecovery> logger)
{
    private readonly SafeNotifier _notify = new(notifier, logger);

    public async Task<RecoveryReport> RecoverAsync(CancellationToken cancellationToken)
    {
        var pending = await jobs.ListByStatusAsync([JobStatus.Queued, JobStatus.Running], cancellationToken);
        var requeued = new List<JobId>();
        var failed = new List<JobId>();
        foreach (var job in pending.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id))
        {
            if (queue.Contains(job.Id)) continue;
            var problem = await ProblemAsync(job, cancellationToken);
            if (problem is null)
            {
                job.Requeue();
                await jobs.SaveAsync(job, cancellationToken);
                var queued = queue.Restore(job);
                requeued.Add(job.Id);
                await _notify.QueuedAsync(job, queued.Position, cancellationToken);
                continue;
            }
            job.MarkFailed(time.GetUtcNow(), problem);
            await jobs.SaveAsync(job, cancellationToken);
            await quotas.RefundAsync(job.RequesterId, job.Id, cancellationToken);
            failed.Add(job.Id);
            await _notify.FailedAsync(job, problem, cancellationToken);
        }
        CoreLog.Recovered(logger, requeued.Count, failed.Count);
        return new RecoveryReport(requeued, failed);
    }

    private async Task<string?> ProblemAsync(Job job, CancellationToken ct)
    {
        var p = job.Parameters;
        var l = limits.Value;
        const string Suffix = " after the bot restarted, so your job could not be resumed. Your quota was refunded.";
        if (ImagineRequestParser.Find(l.ModelChoices, p.Model) is null) return $"The model '{p.Model}' is no longer available" + Suffix;
        if (ImagineRequestParser.Find(l.SchedulerChoices, p.Scheduler) is null) return $"The scheduler '{p.Scheduler}' is no longer available" + Suffix;
        if (job.Kind is JobKind.Upscale or JobKind.Variation)
        {
            if (p.SourceJobId is not { } source || p.SourceImageIndex is not { } index || await images.LoadAsync(source, index, ct) is null)
                return "The source image was deleted" + Suffix;
        }
        return null;
    }
}
