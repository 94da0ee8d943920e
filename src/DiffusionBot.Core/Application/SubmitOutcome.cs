using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Application;

/// <summary>Result of asking for a job: queued (with position) or refused; <see cref="Message"/> is user-facing either way.</summary>
public sealed record SubmitOutcome(bool Accepted, string Message, Job? Job, int? Position, DateTimeOffset? QuotaResetsAt = null)
{
    public static SubmitOutcome Queued(Job job, int position) =>
        new(true, position == 1 ? "Queued: you are next." : $"Queued at position {position}.", job, position);

    public static SubmitOutcome Refused(string message, DateTimeOffset? quotaResetsAt = null) => new(false, message, null, null, quotaResetsAt);
}
