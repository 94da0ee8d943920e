namespace DiffusionBot.Core.Jobs;

/// <summary>
/// One generation request and its life: Queued → Running → Succeeded | Failed | Cancelled, and finished jobs → Deleted.
/// Transitions are methods that refuse illegal moves; they are safe to call from several threads.
/// </summary>
public sealed class Job
{
    private readonly Lock _gate = new();
    private JobState _state;

    public Job(JobId id, JobKind kind, JobOrigin origin, JobParameters parameters, int cost, DateTimeOffset createdAt)
        : this(id, kind, origin, parameters, cost, createdAt, JobState.Initial)
    {
    }

    private Job(JobId id, JobKind kind, JobOrigin origin, JobParameters parameters, int cost, DateTimeOffset createdAt, JobState state)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        Id = id;
        Kind = kind;
        Origin = origin;
        Parameters = parameters;
        Cost = cost;
        CreatedAt = createdAt;
        _state = state;
    }

    /// <summary>Rebuilds a job read back from storage, in whatever state it was saved.</summary>
    public static Job Restore(JobId id, JobKind kind, JobOrigin origin, JobParameters parameters, int cost, DateTimeOffset createdAt, JobState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Job(id, kind, origin, parameters, cost, createdAt, state);
    }

    public JobId Id { get; }
    public JobKind Kind { get; }
    public JobOrigin Origin { get; }
    public JobParameters Parameters { get; }

    /// <summary>Quota units charged for this job.</summary>
    public int Cost { get; }
    public DateTimeOffset CreatedAt { get; }

    public ulong RequesterId => Origin.RequesterId;
    public ulong? GuildId => Origin.GuildId;
    public ulong ChannelId => Origin.ChannelId;

    public JobState State
    {
        get
        {
            lock (_gate) return _state;
        }
    }

    public JobStatus Status => State.Status;
    public DateTimeOffset? StartedAt => State.StartedAt;
    public DateTimeOffset? FinishedAt => State.FinishedAt;
    public string? FailureReason => State.FailureReason;
    public IReadOnlyList<ImageRef> Images => State.Images;
    public string? TruncationNote => State.TruncationNote;
    public ulong? MessageId => State.MessageId;

    /// <summary>Generation time, from start to finish.</summary>
    public TimeSpan? Duration => State is { StartedAt: { } s, FinishedAt: { } f } ? f - s : null;

    public bool IsPending => Status is JobStatus.Queued or JobStatus.Running;

    public void MarkRunning(DateTimeOffset now) =>
        Move(JobStatus.Running, s => s.Status == JobStatus.Queued, s => s with { Status = JobStatus.Running, StartedAt = now });

    /// <summary>Puts a job that was running when the bot stopped back in the queue.</summary>
    public void Requeue() =>
        Move(JobStatus.Queued, s => s.Status is JobStatus.Queued or JobStatus.Running, s => s with { Status = JobStatus.Queued, StartedAt = null });

    public void MarkSucceeded(DateTimeOffset now, IReadOnlyList<ImageRef> images, string? truncationNote, string? method)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("A succeeded job has at least one image.", nameof(images));
        Move(JobStatus.Succeeded, s => s.Status == JobStatus.Running, s => s with
        {
            Status = JobStatus.Succeeded,
            FinishedAt = now,
            Images = images.ToArray(),
            TruncationNote = truncationNote,
            Method = method,
        });
    }

    public void MarkFailed(DateTimeOffset now, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Move(JobStatus.Failed, s => s.Status is JobStatus.Queued or JobStatus.Running, s => s with { Status = JobStatus.Failed, FinishedAt = now, FailureReason = reason });
    }

    public void MarkCancelled(DateTimeOffset now)
    {
        if (!TryMarkCancelled(now)) throw new InvalidJobTransitionException(Id, Status, JobStatus.Cancelled);
    }

    /// <summary>Cancels a queued or running job; false when it had already finished.</summary>
    public bool TryMarkCancelled(DateTimeOffset now) =>
        TryMove(s => s.Status is JobStatus.Queued or JobStatus.Running, s => s with { Status = JobStatus.Cancelled, FinishedAt = now });

    public void MarkDeleted() =>
        Move(JobStatus.Deleted, s => s.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled, s => s with { Status = JobStatus.Deleted });

    /// <summary>Records the id of the message that shows this job (any status).</summary>
    public void AttachMessage(ulong messageId)
    {
        lock (_gate) _state = _state with { MessageId = messageId };
    }

    public override string ToString() => $"{Kind} job {Id} ({Status})";

    private void Move(JobStatus target, Func<JobState, bool> allowed, Func<JobState, JobState> change)
    {
        lock (_gate)
        {
            if (!allowed(_state)) throw new InvalidJobTransitionException(Id, _state.Status, target);
            _state = change(_state);
        }
    }

    private bool TryMove(Func<JobState, bool> allowed, Func<JobState, JobState> change)
    {
        lock (_gate)
        {
            if (!allowed(_state)) return false;
            _state = change(_state);
            return true;
        }
    }
}
