using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>Keeps saved jobs as restored copies, like a real store, so tests see what was persisted.</summary>
internal sealed class InMemoryJobStore : IJobStore, IJobStatsQuery
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, (Job Job, JobState State)> _jobs = [];

    public int SaveCount { get; private set; }

    /// <summary>When it returns an exception for a save, that save throws it and stores nothing (a failing database).</summary>
    public Func<Job, Exception?>? SaveFailure { get; set; }

    /// <summary>When set, listing by status throws it.</summary>
    public Exception? ListFailure { get; set; }

    public Task SaveAsync(Job job, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Save(job);
        return Task.CompletedTask;
    }

    internal void Save(Job job)
    {
        if (SaveFailure?.Invoke(job) is { } failure) throw failure;
        lock (_gate)
        {
            _jobs[job.Id] = (job, job.State);
            SaveCount++;
        }
    }

    public Task<Job?> GetAsync(JobId id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_jobs.TryGetValue(id, out var saved) ? Copy(saved) : null);
    }

    public Task<Job?> FindByMessageIdAsync(ulong messageId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_jobs.Values.Where(s => s.State.MessageId == messageId).Select(Copy).FirstOrDefault());
    }

    public JobState? StateOf(JobId id)
    {
        lock (_gate) return _jobs.TryGetValue(id, out var saved) ? saved.State : null;
    }

    public Task<IReadOnlyList<Job>> ListByRequesterAsync(ulong requesterId, ulong? guildId, int count, IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Job> list = _jobs.Values.Select(Copy)
                .Where(j => j.RequesterId == requesterId && (guildId is null || j.GuildId == guildId) && (statuses.Count == 0 || statuses.Contains(j.Status)))
                .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(count).ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Job>> ListByStatusAsync(IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken)
    {
        if (ListFailure is { } failure) throw failure;
        lock (_gate)
        {
            IReadOnlyList<Job> list = _jobs.Values.Select(Copy).Where(j => statuses.Contains(j.Status)).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Job>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, ulong? guildId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Job> list = _jobs.Values.Select(Copy)
                .Where(j => j.CreatedAt >= from && j.CreatedAt < to && (guildId is null || j.GuildId == guildId))
                .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).ToArray();
            return Task.FromResult(list);
        }
    }

    private static Job Copy((Job Job, JobState State) saved) =>
        Job.Restore(saved.Job.Id, saved.Job.Kind, saved.Job.Origin, saved.Job.Parameters, saved.Job.Cost, saved.Job.CreatedAt, saved.State);
}

internal sealed class InMemoryQuotaStore : IQuotaStore
{
    private readonly Lock _gate = new();

    internal Lock Gate => _gate;

    /// <summary>The stored account (null when none); call under <see cref="Gate"/>.</summary>
    internal QuotaAccount? Peek(ulong userId) => _accounts.GetValueOrDefault(userId);

    /// <summary>Stores (or, with null, removes) an account; call under <see cref="Gate"/>.</summary>
    internal void Put(ulong userId, QuotaAccount? account)
    {
        if (account is null) _accounts.Remove(userId);
        else _accounts[userId] = account;
    }

    private readonly Dictionary<ulong, QuotaAccount> _accounts = [];
    private int? _defaultAllowance;

    public Task<QuotaAccount?> GetAsync(ulong userId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_accounts.GetValueOrDefault(userId));
    }

    /// <summary>When set, every update throws it (a database that went away).</summary>
    public Exception? UpdateFailure { get; set; }

    public async Task<TResult> UpdateAsync<TResult>(ulong userId, Func<QuotaAccount, QuotaUpdate<TResult>> update, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (UpdateFailure is { } failure) throw failure;
        lock (_gate)
        {
            var result = update(_accounts.GetValueOrDefault(userId) ?? QuotaAccount.Empty);
            _accounts[userId] = result.Account;
            return result.Result;
        }
    }

    public Task<int?> GetDefaultAllowanceAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_defaultAllowance);
    }

    public Task SetDefaultAllowanceAsync(int? allowance, CancellationToken cancellationToken)
    {
        lock (_gate) _defaultAllowance = allowance;
        return Task.CompletedTask;
    }
}

/// <summary>
/// The quota change and the job save as one unit over the two in-memory stores: when the job save throws (see
/// <see cref="InMemoryJobStore.SaveFailure"/>), the account is put back as it was, like a rolled-back transaction.
/// </summary>
internal sealed class InMemoryJobQuotaTransaction(InMemoryJobStore jobs, InMemoryQuotaStore quotas) : IJobQuotaTransaction
{
    public async Task<TResult> UpdateAsync<TResult>(Job job, Func<QuotaAccount, QuotaUpdate<TResult>> update, Func<TResult, bool> saveJob, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (quotas.UpdateFailure is { } failure) throw failure;
        lock (quotas.Gate)
        {
            var before = quotas.Peek(job.RequesterId);
            var result = update(before ?? QuotaAccount.Empty);
            quotas.Put(job.RequesterId, result.Account);
            try
            {
                if (saveJob(result.Result)) jobs.Save(job);
            }
            catch
            {
                quotas.Put(job.RequesterId, before);
                throw;
            }
            return result.Result;
        }
    }
}

internal sealed class InMemorySettingsStore : ISettingsStore
{
    private readonly Dictionary<ulong, UserSettings> _settings = [];

    public Task<UserSettings> GetAsync(ulong userId, CancellationToken cancellationToken) =>
        Task.FromResult(_settings.GetValueOrDefault(userId) ?? UserSettings.None);

    public Task SaveAsync(ulong userId, UserSettings settings, CancellationToken cancellationToken)
    {
        _settings[userId] = settings;
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryImageStore : IImageStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(JobId, int), byte[]> _images = [];

    public int Count
    {
        get
        {
            lock (_gate) return _images.Count;
        }
    }

    public Task SaveAsync(JobId jobId, int index, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        lock (_gate) _images[(jobId, index)] = png.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> LoadAsync(JobId jobId, int index, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_images.GetValueOrDefault((jobId, index)));
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var key in _images.Keys.Where(k => k.Item1 == jobId).ToArray()) _images.Remove(key);
        }
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryAuditLog : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (Entries) Entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListRecentAsync(int count, CancellationToken cancellationToken)
    {
        lock (Entries) return Task.FromResult<IReadOnlyList<AuditEntry>>(Entries.AsEnumerable().Reverse().Take(count).ToArray());
    }
}

internal sealed class InMemoryBannedWordStore : IBannedWordStore
{
    private readonly SortedSet<string> _words = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(_words.ToArray());

    public Task<bool> AddAsync(string word, CancellationToken cancellationToken) => Task.FromResult(_words.Add(word));

    public Task<bool> RemoveAsync(string word, CancellationToken cancellationToken) => Task.FromResult(_words.Remove(word));
}
