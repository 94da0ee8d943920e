using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>Calls the notifier and logs its failures: showing a job must never break handling it.</summary>
internal sealed class SafeNotifier(IJobNotifier notifier, ILogger logger)
{
    public Task QueuedAsync(Job job, int position, CancellationToken ct) => Run("queued", job, () => notifier.QueuedAsync(job, position, ct));

    public Task ProgressAsync(Job job, int step, int total, CancellationToken ct) => Run("progress", job, () => notifier.ProgressAsync(job, step, total, ct));

    public Task CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken ct) => Run("completed", job, () => notifier.CompletedAsync(job, images, ct));

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
