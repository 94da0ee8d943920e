using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>
/// Deletes a finished job's images and asks the host to remove its message. Rights are checked by the caller. The job is
/// saved as Deleted before its images go, so a failure in between never leaves a finished job whose images are missing.
/// </summary>
public sealed class JobDeleter(IJobStore jobs, IImageStore images, IJobNotifier notifier, ILogger<JobDeleter> logger)
{
    private readonly SafeNotifier _notify = new(notifier, logger);

    public async Task<CommandResult> DeleteAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status == JobStatus.Deleted) return CommandResult.Fail("That image was already deleted.");
        if (job.IsPending) return CommandResult.Fail("That job is still in progress; cancel it first.");
        job.MarkDeleted();
        await jobs.SaveAsync(job, cancellationToken);
        await images.DeleteAllAsync(job.Id, cancellationToken);
        await _notify.DeletedAsync(job, cancellationToken);
        return CommandResult.Ok("Deleted.");
    }
}
