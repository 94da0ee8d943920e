using Microsoft.Extensions.Logging;

namespace DiffusionBot.Workers;

internal static partial class WorkersLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Redis is unreachable ({What}); retrying")]
    public static partial void RedisUnreachable(ILogger logger, Exception exception, string what);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Redis is reachable again; re-feeding {Count} unfinished job(s)")]
    public static partial void RedisBack(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Moved an unreadable message {EntryId} of {Stream} aside: {Reason}")]
    public static partial void MovedAside(ILogger logger, string stream, string entryId, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Job {JobId} handed to the workers of model {Model}")]
    public static partial void HandedOut(ILogger logger, Core.Jobs.JobId jobId, string model);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Dropped a {Kind} result of job {JobId} from {Worker}: the job has already ended")]
    public static partial void DroppedResult(ILogger logger, string kind, Core.Jobs.JobId jobId, string worker);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Worker {Worker} serving {Models} started")]
    public static partial void WorkerStarted(ILogger logger, string worker, string models);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Worker {Worker} claimed job entry {EntryId} of {Stream} from a silent worker")]
    public static partial void Claimed(ILogger logger, string worker, string stream, string entryId);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Worker {Worker} {Outcome} job {JobId} in {Milliseconds:F0} ms")]
    public static partial void WorkerJobEnded(ILogger logger, string worker, string outcome, Core.Jobs.JobId jobId, double milliseconds);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Error, Message = "Worker {Worker} failed job {JobId}")]
    public static partial void WorkerJobFailed(ILogger logger, Exception exception, string worker, Core.Jobs.JobId jobId);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Error, Message = "The dispatcher's job loop failed")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Live generator workers: {Count} ({Models})")]
    public static partial void WorkersChanged(ILogger logger, int count, string models);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Job {JobId} waits: {Note}")]
    public static partial void JobWaits(ILogger logger, Core.Jobs.JobId jobId, string note);
}
