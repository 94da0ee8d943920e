using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Ports;

/// <summary>
/// Shows a job's life to users (the host implements it with Discord: edit the original answer while
/// <c>InteractionTokenPolicy.IsInteractionTokenValid</c>, else post a channel message mentioning the requester).
/// </summary>
public interface IJobNotifier
{
    Task QueuedAsync(Job job, int position, CancellationToken cancellationToken);

    /// <summary>Throttled by the worker to at most one call per Limits:ProgressEditInterval (plus the first step).</summary>
    Task ProgressAsync(Job job, int step, int totalSteps, CancellationToken cancellationToken);

    /// <summary>A stage before the steps, e.g. "Loading model sdxl…" (not throttled: it is rare). A notifier that shows
    /// no phases may leave this out.</summary>
    Task PhaseAsync(Job job, string phase, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Posts the result; returns the id of the message that shows it, or null when it could not be posted.
    /// The notifier only posts: the worker attaches the id to the job and saves it.</summary>
    Task<ulong?> CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken cancellationToken);

    /// <summary><paramref name="reason"/> is user-facing.</summary>
    Task FailedAsync(Job job, string reason, CancellationToken cancellationToken);

    Task CancelledAsync(Job job, CancellationToken cancellationToken);

    /// <summary>A started job waits on something outside the bot (no generator serves its model, the generators are
    /// unreachable); <paramref name="note"/> is user-facing. Notifiers that show no such state may ignore it.</summary>
    Task WaitingAsync(Job job, string note, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The job's images were deleted; the host removes its message (<see cref="Job.MessageId"/>).</summary>
    Task DeletedAsync(Job job, CancellationToken cancellationToken);
}

/// <summary>A finished image with its PNG bytes, ready to attach.</summary>
public sealed record JobImage(ImageRef Ref, byte[] Png);
