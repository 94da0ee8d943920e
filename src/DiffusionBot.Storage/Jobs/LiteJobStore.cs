using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Jobs;

/// <summary>Jobs in the "jobs" collection, indexed by requester, status and message.</summary>
public sealed class LiteJobStore : IJobStore
{
    private readonly ILiteCollection<BsonDocument> _jobs;

    public LiteJobStore(BotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _jobs = database.Collection(JobDocuments.Collection);
        _jobs.EnsureIndex("requester");
        _jobs.EnsureIndex("status");
        _jobs.EnsureIndex("message");
    }

    public Task SaveAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        _jobs.Upsert(JobDocuments.ToDocument(job));
        return Task.CompletedTask;
    }

    public Task<Job?> GetAsync(JobId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = _jobs.FindById(id.Value);
        return Task.FromResult(document is null ? null : JobDocuments.ToJob(document));
    }

    public Task<Job?> FindByMessageIdAsync(ulong messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = _jobs.FindOne(Query.EQ("message", Bson.Id(messageId)));
        return Task.FromResult(document is null ? null : JobDocuments.ToJob(document));
    }

    public Task<IReadOnlyList<Job>> ListByRequesterAsync(ulong requesterId, ulong? guildId, int count, IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<Job> jobs = _jobs.Find(Query.EQ("requester", Bson.Id(requesterId)))
            .Select(JobDocuments.ToJob)
            .Where(j => guildId is null || j.GuildId == guildId)
            .Where(j => statuses.Count == 0 || statuses.Contains(j.Status))
            .OrderByDescending(j => j.CreatedAt)
            .ThenByDescending(j => j.Id)
            .Take(Math.Max(0, count))
            .ToArray();
        return Task.FromResult(jobs);
    }

    public Task<IReadOnlyList<Job>> ListByStatusAsync(IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<Job> jobs = statuses.Distinct()
            .SelectMany(s => _jobs.Find(Query.EQ("status", (int)s)))
            .Select(JobDocuments.ToJob)
            .OrderBy(j => j.CreatedAt)
            .ThenBy(j => j.Id)
            .ToArray();
        return Task.FromResult(jobs);
    }
}
