using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>
/// Cancels a job: a waiting one is taken out, marked, refunded (with its save, one transaction) and notified here; a
/// running one is signalled and the worker ends it. A cancel that meets a job already being finished or ended changes
/// nothing and says so: each job ends exactly once (posted, or refunded).
/// </summary>
public sealed class JobCanceller(
    RunningJobs running,
    IJobStore jobs,
    QuotaService quotas,
    IJobNotifier notifier,
    TimeProvider time,
    ILogger<JobCanceller> logger)
{
    public const string TooLateMessage = "Too late to cancel: the image is finished and is being posted.";

    private readonly SafeNotifier _notify = new(notifier, logger);
    private readonly JobStateWriter _writer = new(jobs, quotas, logger);

    public async Task<CommandResult> CancelAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.IsPending) return CommandResult.Fail($"That job has already {JobStatusText.Ended(job.Status)}.");

        switch (running.RequestCancel(job.Id, out var queued))
        {
            case CancelRequestOutcome.Signalled:
                return CommandResult.Ok("Cancelling… the generator will stop after the current step.");
            case CancelRequestOutcome.Finishing:
                return CommandResult.Fail(TooLateMessage);
            case CancelRequestOutcome.NotPending:
                return await NotPendingAsync(job, cancellationToken);
        }

        // Out of the queue now: a cancelled request must not stop here, or the store would still say Queued (recovery
        // would run the job the user cancelled) and the charge would stay.
        queued!.MarkCancelled(time.GetUtcNow());
        var refunded = await _writer.RefundAndSaveAsync(queued);
        CoreLog.JobCancelled(logger, queued.Id);
        await _notify.CancelledAsync(queued, CancellationToken.None);
        return CommandResult.Ok(refunded ? $"Cancelled; {queued.Cost} quota refunded." : "Cancelled.");
    }

    /// <summary>Neither waiting nor running: it ended after the caller read it, or this process has not recovered it yet.</summary>
    private async Task<CommandResult> NotPendingAsync(Job job, CancellationToken ct)
    {
        var current = await jobs.GetAsync(job.Id, ct);
        if (current is { IsPending: false }) return CommandResult.Fail($"That job has already {JobStatusText.Ended(current.Status)}.");
        return CommandResult.Fail("That job is not in the queue right now (the bot may be starting up); try again in a moment.");
    }
}
