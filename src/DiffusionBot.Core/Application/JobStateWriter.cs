using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>
/// Writes a job's state where a failure must not stop the caller (the worker's catch blocks, a cancel already taken out
/// of the queue): errors are logged, never thrown.
/// </summary>
internal sealed class JobStateWriter(IJobStore jobs, QuotaService quotas, ILogger logger)
{
    /// <summary>
    /// Saves an ended (failed or cancelled) job with its refund, in one transaction; true when the refund was made now.
    /// When the transaction fails, the end alone is saved if the store takes it, so recovery never runs an ended job again
    /// (the charge then stays, and the log says so).
    /// </summary>
    public async Task<bool> RefundAndSaveAsync(Job job)
    {
        try
        {
            return await quotas.RefundAndSaveAsync(job, CancellationToken.None);
        }
        catch (Exception ex)
        {
            CoreLog.JobFailed(logger, ex, job.Id, "refund failed");
            await TrySaveAsync(job);
            return false;
        }
    }

    public async Task<bool> TrySaveAsync(Job job)
    {
        try
        {
            await jobs.SaveAsync(job, CancellationToken.None);
            return true;
        }
        catch (Exception ex)
        {
            CoreLog.SaveFailed(logger, ex, job.Id);
            return false;
        }
    }
}
