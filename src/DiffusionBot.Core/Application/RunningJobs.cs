using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Application;

/// <summary>
/// The job(s) the generator is working on, each with its own cancellation. A cancel request for a job that is
/// between the queue and the generator is remembered and applied when the job starts, so no cancel is lost.
/// </summary>
public sealed class RunningJobs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, (Job Job, CancellationTokenSource Cancellation)> _running = [];
    private readonly HashSet<JobId> _cancelRequested = [];

    public IReadOnlyList<Job> Current
    {
        get
        {
            lock (_gate) return _running.Values.Select(r => r.Job).ToArray();
        }
    }

    /// <summary>Registers a job as running; dispose the lease when it ends.</summary>
    public RunningJobLease Start(Job job, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(job);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        lock (_gate)
        {
            _running[job.Id] = (job, cancellation);
            if (_cancelRequested.Remove(job.Id)) cancellation.Cancel();
        }
        return new RunningJobLease(this, job.Id, cancellation);
    }

    /// <summary>Cancels a running job (true), or remembers the request for when it starts (false).</summary>
    public bool RequestCancel(JobId id)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(id, out var running))
            {
                running.Cancellation.Cancel();
                return true;
            }
            _cancelRequested.Add(id);
            return false;
        }
    }

    /// <summary>Forgets a remembered request (the job was cancelled another way).</summary>
    public void ForgetCancelRequest(JobId id)
    {
        lock (_gate) _cancelRequested.Remove(id);
    }

    internal void End(JobId id)
    {
        lock (_gate) _running.Remove(id);
    }
}

/// <summary>A running job's cancellation; disposing it ends the registration.</summary>
public sealed class RunningJobLease(RunningJobs owner, JobId id, CancellationTokenSource cancellation) : IDisposable
{
    public CancellationToken Token => cancellation.Token;

    public bool IsCancellationRequested => cancellation.IsCancellationRequested;

    public void Dispose()
    {
        owner.End(id);
        cancellation.Dispose();
    }
}
