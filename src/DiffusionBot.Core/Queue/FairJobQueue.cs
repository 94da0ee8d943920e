using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Queue;

/// <summary>
/// Waiting jobs, taken round-robin across users (each user's own jobs in order), with a per-user and a global cap.
/// A user joins the end of the rotation when their first job arrives, goes to its end when one of their jobs is taken,
/// and leaves it when their last job is taken.
/// Model affinity (<see cref="ModelAffinity"/>, with <paramref name="loadedModels"/>): when the next user's job would
/// force a model switch, a later user's job for a model already loaded may go first; a user passed over keeps their
/// place at the front, and no job is passed over more than Limits:MaxModelAffinitySkips times. The model of the job
/// taken last counts as loaded (the generator loads it for that job). Without <paramref name="loadedModels"/>, plain
/// round-robin. <see cref="ILoadedModels.IsLoaded"/> is asked under the queue's lock (at most once per model per
/// decision): it must answer from memory and never call back into the queue.
/// Positions are the order in which the jobs will be taken if no job arrives or leaves and no model unloads: the same
/// rule played forward from the models loaded now, each job's model counting as loaded once the job ahead needing it
/// has run.
/// Thread-safe; one or more consumers wait in <see cref="DequeueAsync"/>.
/// </summary>
public sealed class FairJobQueue(IOptions<LimitsOptions> options, ILoadedModels? loadedModels = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, LinkedList<Job>> _byUser = [];
    private readonly LinkedList<ulong> _rotation = new();
    private readonly Dictionary<JobId, Job> _byId = [];
    private readonly Dictionary<JobId, int> _passedOver = [];
    private readonly SemaphoreSlim _available = new(0);
    private string? _lastTakenModel;

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

    /// <summary>Takes the next job in fair order, or one that needs no model switch (see the class summary).</summary>
    public bool TryDequeue(out Job job)
    {
        lock (_gate)
        {
            if (_rotation.Count == 0)
            {
                job = null!;
                return false;
            }
            var candidates = _rotation.Select(u => _byUser[u].First!.Value).ToArray();
            var chosen = ModelAffinity.Choose(candidates, LoadedNow(), PassedOver, MaxPassedOver);
            for (var i = 0; i < chosen; i++) _passedOver[candidates[i].Id] = PassedOver(candidates[i].Id) + 1;
            job = candidates[chosen];
            var user = job.RequesterId;
            var jobs = _byUser[user];
            jobs.RemoveFirst();
            _byId.Remove(job.Id);
            _passedOver.Remove(job.Id);
            _rotation.Remove(user);
            if (jobs.Count > 0) _rotation.AddLast(user);
            else _byUser.Remove(user);
            if (ModelAffinity.ModelOf(job) is { } model) _lastTakenModel = model;
            return true;
        }
    }

    /// <summary>Removes a waiting job; null when it is not waiting (already taken, or never queued).</summary>
    public Job? TryRemove(JobId jobId)
    {
        lock (_gate)
        {
            if (!_byId.Remove(jobId, out var job)) return null;
            _passedOver.Remove(jobId);
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
            if (!_byId.ContainsKey(jobId)) return null;
            return Position(jobId);
        }
    }

    /// <summary>The waiting jobs in the order they will be taken, with their 1-based positions.</summary>
    public IReadOnlyList<(Job Job, int Position)> Waiting()
    {
        lock (_gate)
        {
            return [.. TakeOrder().Select((job, i) => (job, i + 1))];
        }
    }

    public QueueSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new QueueSnapshot([.. TakeOrder().Select((job, i) => new QueueEntry(job.Id, job.RequesterId, job.Kind, i + 1))]);
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
            var position = Position(job.Id);
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

    private int MaxPassedOver => loadedModels is null ? 0 : options.Value.MaxModelAffinitySkips;

    private int PassedOver(JobId id) => _passedOver.GetValueOrDefault(id);

    private int Position(JobId jobId) => TakeOrder().FindIndex(j => j.Id == jobId) + 1;

    /// <summary>Whether a model is loaded now, asking the generator at most once per model.</summary>
    private Func<string, bool> LoadedNow()
    {
        var answers = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        return model =>
        {
            if (string.Equals(model, _lastTakenModel, StringComparison.OrdinalIgnoreCase)) return true;
            if (loadedModels is null) return false;
            if (!answers.TryGetValue(model, out var loaded)) answers[model] = loaded = loadedModels.IsLoaded(model);
            return loaded;
        };
    }

    /// <summary>Plays <see cref="TryDequeue"/> forward on a copy of the queue: the order the waiting jobs will be taken.</summary>
    private List<Job> TakeOrder()
    {
        var order = new List<Job>(_byId.Count);
        var rotation = _rotation.ToList();
        var next = rotation.ToDictionary(u => u, u => _byUser[u].First!);
        var passedOver = new Dictionary<JobId, int>(_passedOver);
        var loadedNow = LoadedNow();
        var loadedAhead = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool IsLoaded(string model) => loadedAhead.Contains(model) || loadedNow(model);
        while (rotation.Count > 0)
        {
            var candidates = rotation.Select(u => next[u].Value).ToArray();
            var chosen = ModelAffinity.Choose(candidates, IsLoaded, id => passedOver.GetValueOrDefault(id), MaxPassedOver);
            for (var i = 0; i < chosen; i++) passedOver[candidates[i].Id] = passedOver.GetValueOrDefault(candidates[i].Id) + 1;
            var job = candidates[chosen];
            order.Add(job);
            rotation.RemoveAt(chosen);
            if (next[job.RequesterId].Next is { } after)
            {
                next[job.RequesterId] = after;
                rotation.Add(job.RequesterId);
            }
            if (ModelAffinity.ModelOf(job) is { } model) loadedAhead.Add(model);
        }
        return order;
    }
}
