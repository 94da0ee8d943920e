using DiffusionBot.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

internal static partial class CoreLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Queued {Kind} job {JobId} for user {UserId} at position {Position}")]
    public static partial void JobQueued(ILogger logger, JobKind kind, JobId jobId, ulong userId, int position);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Job {JobId} started")]
    public static partial void JobStarted(ILogger logger, JobId jobId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Job {JobId} succeeded with {ImageCount} images in {ElapsedMs} ms")]
    public static partial void JobSucceeded(ILogger logger, JobId jobId, int imageCount, double elapsedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Job {JobId} failed: {Reason}")]
    public static partial void JobFailed(ILogger logger, Exception? exception, JobId jobId, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Job {JobId} cancelled")]
    public static partial void JobCancelled(ILogger logger, JobId jobId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Job {JobId} interrupted by shutdown; it will be recovered at the next start")]
    public static partial void JobInterrupted(ILogger logger, JobId jobId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Notifying {Event} for job {JobId} failed")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string @event, JobId jobId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Saving job {JobId} failed")]
    public static partial void SaveFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Recovery: {Requeued} jobs re-queued, {Failed} failed, {Unresolved} left for the next start (store errors)")]
    public static partial void Recovered(ILogger logger, int requeued, int failed, int unresolved);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Moderator {ModeratorId} did {Action} on {TargetUserId}: {Details}")]
    public static partial void ModeratorAction(ILogger logger, ulong moderatorId, string action, ulong? targetUserId, string details);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Recovery could not list the pending jobs; they stay as they are until the next start")]
    public static partial void RecoveryListFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Recovery could not store the end of job {JobId}; it stays as it is until the next start")]
    public static partial void RecoveryJobFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "The uploaded picture of refused job {JobId} could not be removed from the image store")]
    public static partial void UploadNotRemoved(ILogger logger, Exception exception, JobId jobId);
}
