using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>The common tail of every new job: banned words → queue room → charge → persist → enqueue → notify position.</summary>
public sealed class JobSubmitter(
    IJobStore jobs,
    IJobIdGenerator ids,
    FairJobQueue queue,
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

        var id = ids.Next();
        var cost = quotas.CostOf(kind, parameters.Count);
        var charge = await quotas.TryChargeAsync(origin.RequesterId, id, cost, cancellationToken);
        if (!charge.Charged)
        {
            var status = charge.Status;
            return SubmitOutcome.Refused(
                $"Not enough quota: this needs {cost} and you have {status.LeftText} left. Your quota resets at {status.ResetsAtText}.",
                status.ResetsAt);
        }

        var job = new Job(id, kind, origin, parameters, cost, time.GetUtcNow());
        try
        {
            await jobs.SaveAsync(job, cancellationToken);
        }
        catch
        {
            await quotas.RefundAsync(origin.RequesterId, id, CancellationToken.None);
            throw;
        }

        var queued = queue.TryEnqueue(job);
        if (!queued.Accepted)
        {
            job.MarkFailed(time.GetUtcNow(), queued.Message!);
            await jobs.SaveAsync(job, CancellationToken.None);
            await quotas.RefundAsync(origin.RequesterId, id, CancellationToken.None);
            return SubmitOutcome.Refused(queued.Message!);
        }

        CoreLog.JobQueued(logger, kind, id, origin.RequesterId, queued.Position);
        await _notify.QueuedAsync(job, queued.Position, cancellationToken);
        return SubmitOutcome.Queued(job, queued.Position);
    }
}
