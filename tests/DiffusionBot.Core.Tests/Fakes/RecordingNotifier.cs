using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

internal sealed class RecordingNotifier : IJobNotifier
{
    private readonly List<(Func<bool> Condition, TaskCompletionSource Signal)> _waiters = [];

    public List<string> Events { get; } = [];

    public List<(JobId Job, int Position)> Queued { get; } = [];

    public List<(JobId Job, int Step)> Progress { get; } = [];

    public List<(JobId Job, string Reason)> Failed { get; } = [];

    public List<JobId> Completed { get; } = [];

    public List<JobId> Cancelled { get; } = [];

    public List<JobId> Deleted { get; } = [];

    public Task QueuedAsync(Job job, int position, CancellationToken cancellationToken) => Add($"queued {job.Id} {position}", () => Queued.Add((job.Id, position)));

    public Task ProgressAsync(Job job, int step, int totalSteps, CancellationToken cancellationToken) => Add($"progress {job.Id} {step}/{totalSteps}", () => Progress.Add((job.Id, step)));

    /// <summary>Runs when a completion arrives, before it is recorded (e.g. to start a shutdown right then).</summary>
    public Action? OnCompleted { get; set; }

    /// <summary>Whether each completion's token was already cancelled when it arrived (a real post would then be dropped).</summary>
    public List<bool> CompletedCancelled { get; } = [];

    /// <summary>The id of the message each result is "posted" in.</summary>
    public static ulong MessageIdFor(JobId id) => 500_000 + (ulong)id.Value;

    /// <summary>Awaited when a completion arrives, before it is recorded (e.g. to race a cancel with the post).</summary>
    public Func<Task>? BeforeCompleted { get; set; }

    public async Task<ulong?> CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken cancellationToken)
    {
        OnCompleted?.Invoke();
        if (BeforeCompleted is { } before) await before();
        await Add($"completed {job.Id} {images.Count}", () =>
        {
            Completed.Add(job.Id);
            CompletedCancelled.Add(cancellationToken.IsCancellationRequested);
        });
        return MessageIdFor(job.Id);
    }

    public Task FailedAsync(Job job, string reason, CancellationToken cancellationToken) => Add($"failed {job.Id}", () => Failed.Add((job.Id, reason)));

    public Task CancelledAsync(Job job, CancellationToken cancellationToken) => Add($"cancelled {job.Id}", () => Cancelled.Add(job.Id));

    public Task DeletedAsync(Job job, CancellationToken cancellationToken) => Add($"deleted {job.Id}", () => Deleted.Add(job.Id));

    /// <summary>Completes once <paramref name="condition"/> holds: checked now and after every notification, so a test
    /// waits on the notification itself rather than polling a clock.</summary>
    public Task WhenAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        lock (Events)
        {
            if (condition())
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    private Task Add(string text, Action record)
    {
        lock (Events)
        {
            Events.Add(text);
            record();
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.SetResult();
            }
        }
        return Task.CompletedTask;
    }
}
