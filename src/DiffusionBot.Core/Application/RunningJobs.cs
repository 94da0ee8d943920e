using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Queue;

namespace DiffusionBot.Core.Application;

/// <summary>What a cancel request found.</summary>
public enum CancelRequestOutcome
{
    /// <summary>The job is neither waiting nor running in this process: it has ended (or was never started here).</summary>
    NotPending = 0,

    /// <summary>The job was waiting; it is out of the queue now and the caller ends it.</summary>
    RemovedFromQueue = 1,

    /// <summary>The job is running; its generator is signalled and the worker ends it as cancelled.</summary>
    Signalled = 2,

    /// <summary>The job's images are made and it is being saved and posted; the cancel came too late.</summary>
    Finishing = 3,
}

/// <summary>
/// The job(s) the generator is working on, each with its own cancellation. Taking a job from the queue and registering it
/// here is one step under this registry's lock, and so is a cancel's look at both: a job is always either waiting, or
/// running, or ended, and a cancel request is either applied or answered at once, never remembered for later.
/// </summary>
public sealed class RunningJobs(FairJobQueue queue, QueuePositions positions)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, Entry> _running = [];

    public IReadOnlyList<Job> Current
    {
        get
        {
            lock (_gate) return _running.Values.Select(r => r.Job).ToArray();
        }
    }

    /// <summary>Waits for the next job in fair order and takes it as running; dispose the lease when it ends.</summary>
    public async Task<RunningJobLease> StartNextAsync(CancellationToken stopping)
    {
        while (true)
        {
            await queue.WaitAsync(stopping);
            var lease = TryStartNext(stopping);
            if (lease is not null) return lease;
        }
    }

    /// <summary>Takes the next waiting job as running, or null when none is waiting.</summary>
    public RunningJobLease? TryStartNext(CancellationToken stopping)
    {
        RunningJobLease lease;
        lock (_gate)
        {
            if (!queue.TryDequeue(out var job)) return null;
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _running[job.Id] = new Entry(job, cancellation);
            lease = new RunningJobLease(this, job, cancellation);
        }
        positions.QueueChanged();
        return lease;
    }

    /// <summary>Signals a running job, or takes a waiting one out of the queue (<paramref name="removed"/>).</summary>
    public CancelRequestOutcome RequestCancel(JobId id, out Job? removed)
    {
        removed = null;
        lock (_gate)
        {
            if (_running.TryGetValue(id, out var running))
            {
                if (running.Finishing) return CancelRequestOutcome.Finishing;
                running.Cancellation.Cancel();
                return CancelRequestOutcome.Signalled;
            }
            removed = queue.TryRemove(id);
            if (removed is null) return CancelRequestOutcome.NotPending;
        }
        positions.QueueChanged();
        return CancelRequestOutcome.RemovedFromQueue;
    }

    internal bool TryBeginFinish(JobId id)
    {
        lock (_gate)
        {
            if (!_running.TryGetValue(id, out var running) || running.Cancellation.IsCancellationRequested) return false;
            running.Finishing = true;
            return true;
        }
    }

    internal void End(JobId id)
    {
        lock (_gate) _running.Remove(id);
    }

    private sealed class Entry(Job job, CancellationTokenSource cancellation)
    {
        public Job Job { get; } = job;
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public bool Finishing { get; set; }
    }
}

/// <summary>A running job and its cancellation; disposing it ends the registration.</summary>
public sealed class RunningJobLease(RunningJobs owner, Job job, CancellationTokenSource cancellation) : IDisposable
{
    public Job Job => job;

    public CancellationToken Token => cancellation.Token;

    public bool IsCancellationRequested => cancellation.IsCancellationRequested;

    /// <summary>
    /// The point of no return before the result is saved and posted: false when a cancel (or shutdown) came first; once
    /// true, later cancel requests are answered <see cref="CancelRequestOutcome.Finishing"/> and change nothing.
    /// </summary>
    public bool TryBeginFinish() => owner.TryBeginFinish(job.Id);

    public void Dispose()
    {
        owner.End(job.Id);
        cancellation.Dispose();
    }
}
