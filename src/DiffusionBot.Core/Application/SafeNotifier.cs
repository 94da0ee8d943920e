using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>Calls the notifier and logs its failures: showing a job must never break handling it.</summary>
internal sealed class SafeNotifier(IJobNotifier notifier, ILogger logger)
{
    public Task QueuedAsync(Job job, int position, CancellationToken ct) => Run("queued", job, () => notifier.QueuedAsync(job, position, ct));

    public Task ProgressAsync(Job job, int step, int total, CancellationToken ct) => Run("progress", job, () => notifier.ProgressAsync(job, step, total, ct));

    public Task PhaseAsync(Job job, string phase, CancellationToken ct) => Run("phase", job, () => notifier.PhaseAsync(job, phase, ct));

    /// <summary>The posted message's id; null when the post failed.</summary>
    public async Task<ulong?> CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken ct)
    {
        try
        {
            return await notifier.CompletedAsync(job, images, ct);
        }
        catch (Exception ex)
        {
            CoreLog.NotifyFailed(logger, ex, "completed", job.Id);
            return null;
        }
    }

    public Task FailedAsync(Job job, string reason, CancellationToken ct) => Run("failed", job, () => notifier.FailedAsync(job, reason, ct));

    public Task CancelledAsync(Job job, CancellationToken ct) => Run("cancelled", job, () => notifier.CancelledAsync(job, ct));

    public Task DeletedAsync(Job job, CancellationToken ct) => Run("deleted", job, () => notifier.DeletedAsync(job, ct));

    private async Task Run(string what, Job job, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            CoreLog.NotifyFailed(logger, ex, what, job.Id);
        }
    }
}
