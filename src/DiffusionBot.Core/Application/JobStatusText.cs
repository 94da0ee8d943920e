using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Application;

/// <summary>How users read a job's status in refusals ("That job has already finished.").</summary>
internal static class JobStatusText
{
    public static string Ended(JobStatus status) => status switch
    {
        JobStatus.Succeeded => "finished",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "been cancelled",
        JobStatus.Deleted => "been deleted",
        _ => "started",
    };
}
