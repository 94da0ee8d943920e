using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Application;

/// <summary>Result of asking for a job: queued (with position) or refused; <see cref="Message"/> is user-facing either way.</summary>
public sealed record SubmitOutcome(bool Accepted, string Message, Job? Job, int? Position, DateTimeOffset? QuotaResetsAt = null)
{
    /// <summary>Things the requester should know besides the outcome (e.g. pasted parameters that were not used).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    public static SubmitOutcome Queued(Job job, int position) =>
        new(true, position == 1 ? "Queued: you are next." : $"Queued at position {position}.", job, position);

    public static SubmitOutcome Refused(string message, DateTimeOffset? quotaResetsAt = null) => new(false, message, null, null, quotaResetsAt);
}
