using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>
/// Cancels a job: a queued one is taken out, marked, refunded and notified here; a running one is signalled and the
/// worker marks, refunds and notifies it when the generator stops. Either way the refund happens once.
/// </summary>
public sealed class JobCanceller(
    FairJobQueue queue,
    RunningJobs running,
    IJobStore jobs,
    QuotaService quotas,
    IJobNotifier notifier,
    TimeProvider time,
    ILogger<JobCanceller> logger)
{
    private readonly SafeNotifier _notify = new(notifier, logger);

    public async Task<CommandResult> CancelAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.IsPending) return CommandResult.Fail($"That job has already {Describe(job.Status)}.");

        // Ask first, then look in the queue: a job taken in between still sees the request when it starts.
        if (running.RequestCancel(job.Id)) return CommandResult.Ok("Cancelling… the generator will stop after the current step.");
        var queued = queue.TryRemove(job.Id);
        if (queued is null) return CommandResult.Ok("Cancelling…");
        running.ForgetCancelRequest(job.Id);

        if (!queued.TryMarkCancelled(time.GetUtcNow())) return CommandResult.Fail($"That job has already {Describe(queued.Status)}.");
        // Out of the queue now: a cancelled request must not stop here, or the store would still say Queued (recovery
        // would run the job the user cancelled) and the charge would stay.
        await jobs.SaveAsync(queued, CancellationToken.None);
        var refunded = await quotas.RefundAsync(queued.RequesterId, queued.Id, CancellationToken.None);
        CoreLog.JobCancelled(logger, queued.Id);
        await _notify.CancelledAsync(queued, CancellationToken.None);
        return CommandResult.Ok(refunded ? $"Cancelled; {queued.Cost} quota refunded." : "Cancelled.");
    }

    internal static string Describe(JobStatus status) => status switch
    {
        JobStatus.Succeeded => "finished",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "been cancelled",
        JobStatus.Deleted => "been deleted",
        _ => "started",
    };
}
