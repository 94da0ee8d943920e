using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Queue;

/// <summary>
/// Waiting jobs, taken round-robin across users (each user's own jobs in order), with a per-user and a global cap.
/// A user joins the end of the rotation when their first job arrives and leaves it when their last job is taken.
/// Thread-safe; one or more consumers wait in <see cref="DequeueAsync"/>.
/// </summary>
public sealed class FairJobQueue(IOptions<LimitsOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, LinkedList<Job>> _byUser = [];
    private readonly LinkedList<ulong> _rotation = new();
    private readonly Dictionary<JobId, Job> _byId = [];
    private readonly SemaphoreSlim _available = new(0);

    public void Dispose() => _available.Dispose();

    public int Count
    {
        get
        {
            lock (_gate) return _byId.Count;
        }
    }

    public int CountFor(ulong userId)
    {
        lock (_gate) return _byUser.TryGetValue(userId, out var jobs) ? jobs.Count : 0;
    }

    /// <summary>Why a new job from this user would be refused now, or null when it would be accepted.</summary>
    public EnqueueResult? CheckCapacity(ulong userId)
    {
        lock (_gate) return Refusal(userId);
    }

    public EnqueueResult TryEnqueue(Job job) => Add(job, enforceCaps: true);

    /// <summary>Puts back a job recovered after a restart, past the caps (it was accepted before).</summary>
    public EnqueueResult Restore(Job job) => Add(job, enforceCaps: false);

    /// <summary>Waits for the next job in fair order.</summary>
    public async Task<Job> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitAsync(cancellationToken);
            if (TryDequeue(out var job)) return job;
        }
    }

    /// <summary>Waits until a job may be waiting (it may have been taken or removed meanwhile: try, and wait again).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _available.WaitAsync(cancellationToken);

    public bool TryDequeue(out Job job)
    {
        lock (_gate)
        {
            var head = _rotation.First;
            if (head is null)
            {
                job = null!;
                return false;
            }
            _rotation.RemoveFirst();
            var jobs = _byUser[head.Value];
            job = jobs.First!.Value;
            jobs.RemoveFirst();
            _byId.Remove(job.Id);
            if (jobs.Count > 0) _rotation.AddLast(head);
            else _byUser.Remove(head.Value);
            return true;
        }
    }

    /// <summary>Removes a waiting job; null when it is not waiting (already taken, or never queued).</summary>
    public Job? TryRemove(JobId jobId)
    {
        lock (_gate)
        {
            if (!_byId.Remove(jobId, out var job)) return null;
            var jobs = _byUser[job.RequesterId];
            jobs.Remove(job);
            if (jobs.Count == 0)
            {
                _byUser.Remove(job.RequesterId);
                _rotation.Remove(job.RequesterId);
            }
            return job;
        }
    }

    public bool Contains(JobId jobId)
    {
        lock (_gate) return _byId.ContainsKey(jobId);
    }

    /// <summary>1-based place in the order the jobs will be taken, or null when the job is not waiting.</summary>
    public int? PositionOf(JobId jobId)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(jobId, out var job)) return null;
            return Position(job);
        }
    }

    /// <summary>The waiting jobs in the order they will be taken, with their 1-based positions.</summary>
    public IReadOnlyList<(Job Job, int Position)> Waiting()
    {
        lock (_gate)
        {
            return [.. _byId.Values.Select(job => (job, Position(job))).OrderBy(w => w.Item2)];
        }
    }

    public QueueSnapshot Snapshot()
    {
        lock (_gate)
        {
            var entries = new List<QueueEntry>(_byId.Count);
            var cursors = _rotation.Select(u => _byUser[u].First).ToArray();
            var remaining = _byId.Count;
            while (remaining > 0)
            {
                for (var i = 0; i < cursors.Length; i++)
                {
                    if (cursors[i] is not { } node) continue;
                    entries.Add(new QueueEntry(node.Value.Id, node.Value.RequesterId, node.Value.Kind, entries.Count + 1));
                    cursors[i] = node.Next;
                    remaining--;
                }
            }
            return new QueueSnapshot(entries);
        }
    }

    private EnqueueResult Add(Job job, bool enforceCaps)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (_byId.ContainsKey(job.Id)) return EnqueueResult.Refused(EnqueueRefusal.AlreadyQueued, "That job is already in the queue.");
            if (enforceCaps && Refusal(job.RequesterId) is { } refused) return refused;
            if (!_byUser.TryGetValue(job.RequesterId, out var jobs))
            {
                jobs = new LinkedList<Job>();
                _byUser.Add(job.RequesterId, jobs);
                _rotation.AddLast(job.RequesterId);
            }
            jobs.AddLast(job);
            _byId.Add(job.Id, job);
            var position = Position(job);
            _available.Release();
            return EnqueueResult.At(position);
        }
    }

    private EnqueueResult? Refusal(ulong userId)
    {
        var limits = options.Value;
        var mine = _byUser.TryGetValue(userId, out var jobs) ? jobs.Count : 0;
        if (mine >= limits.PerUserPendingCap)
            return EnqueueResult.Refused(EnqueueRefusal.UserCapReached, $"You already have {mine} jobs waiting (the limit is {limits.PerUserPendingCap}). Wait for one to finish, or cancel one.");
        if (_byId.Count >= limits.GlobalQueueCap)
            return EnqueueResult.Refused(EnqueueRefusal.QueueFull, $"The queue is full ({limits.GlobalQueueCap} jobs). Please try again in a few minutes.");
        return null;
    }

    // Round k takes the k-th job of every user still having one, in rotation order.
    private int Position(Job job)
    {
        var jobs = _byUser[job.RequesterId];
        var round = 0;
        for (var node = jobs.First; node!.Value != job; node = node.Next) round++;
        var before = 0;
        var passedOwner = false;
        foreach (var user in _rotation)
        {
            var count = _byUser[user].Count;
            if (user == job.RequesterId)
            {
                passedOwner = true;
                before += round;
                continue;
            }
            before += Math.Min(count, passedOwner ? round : round + 1);
        }
        return before + 1;
    }
}
