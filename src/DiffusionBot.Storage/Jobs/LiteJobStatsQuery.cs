using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Jobs;

/// <summary>/stats' read of the "jobs" collection: a range query on the creation time (indexed).</summary>
public sealed class LiteJobStatsQuery : IJobStatsQuery
{
    private readonly ILiteCollection<BsonDocument> _jobs;

    public LiteJobStatsQuery(BotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _jobs = database.Collection("jobs");
        _jobs.EnsureIndex("createdAt");
    }

    public Task<IReadOnlyList<Job>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, ulong? guildId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (to <= from) return Task.FromResult<IReadOnlyList<Job>>([]);
        var inRange = Query.And(Query.GTE("createdAt", Bson.Instant(from)), Query.LT("createdAt", Bson.Instant(to)));
        var query = guildId is { } guild ? Query.And(inRange, Query.EQ("guild", Bson.Id(guild))) : inRange;
        IReadOnlyList<Job> jobs = _jobs.Find(query).Select(JobDocuments.ToJob).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).ToArray();
        return Task.FromResult(jobs);
    }
}
