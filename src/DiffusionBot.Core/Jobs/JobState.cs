namespace DiffusionBot.Core.Jobs;

/// <summary>The changing part of a job, replaced as a whole on every transition.</summary>
public sealed record JobState
{
    public static readonly JobState Initial = new();

    public JobStatus Status { get; init; } = JobStatus.Queued;
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? FailureReason { get; init; }
    public IReadOnlyList<ImageRef> Images { get; init; } = [];
    public string? TruncationNote { get; init; }

    /// <summary>Name of the method that produced the images (e.g. the upscaler used).</summary>
    public string? Method { get; init; }

    /// <summary>Id of the Discord message showing the job, once the host knows it.</summary>
    public ulong? MessageId { get; init; }
}
