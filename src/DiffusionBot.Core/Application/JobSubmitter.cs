using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>
/// The common tail of every new job: banned words → queue room → charge and save (one transaction) → enqueue → show the
/// position. A storage failure in the transaction leaves neither a charge nor a job.
/// </summary>
public sealed class JobSubmitter(
    IJobIdGenerator ids,
    FairJobQueue queue,
    QueuePositions positions,
    QuotaService quotas,
    BannedWords bannedWords,
    IJobNotifier notifier,
    TimeProvider time,
    ILogger<JobSubmitter> logger)
{
    private readonly SafeNotifier _notify = new(notifier, logger);

    public async Task<SubmitOutcome> SubmitAsync(JobKind kind, JobOrigin origin, JobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(parameters);
        if (await bannedWords.AnyBannedAsync([parameters.Prompt, parameters.NegativePrompt], cancellationToken))
            return SubmitOutcome.Refused(BannedWords.RefusalMessage);
        if (queue.CheckCapacity(origin.RequesterId) is { } full) return SubmitOutcome.Refused(full.Message!);

        var job = new Job(ids.Next(), kind, origin, parameters, quotas.CostOf(kind, parameters.Count), time.GetUtcNow());
        var charge = await quotas.TryChargeAndSaveAsync(job, cancellationToken);
        if (!charge.Charged)
        {
            var status = charge.Status;
            return SubmitOutcome.Refused(
                $"Not enough quota: this needs {job.Cost} and you have {status.LeftText} left. Your quota resets at {status.ResetsAtText}.",
                status.ResetsAt);
        }

        var queued = queue.TryEnqueue(job);
        if (!queued.Accepted)
        {
            job.MarkFailed(time.GetUtcNow(), queued.Message!);
            await quotas.RefundAndSaveAsync(job, CancellationToken.None);
            return SubmitOutcome.Refused(queued.Message!);
        }

        CoreLog.JobQueued(logger, kind, job.Id, origin.RequesterId, queued.Position);
        positions.Shown(job.Id, queued.Position);
        await _notify.QueuedAsync(job, queued.Position, cancellationToken);
        positions.QueueChanged();
        return SubmitOutcome.Queued(job, queued.Position);
    }
}
