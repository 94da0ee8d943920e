using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Moderation;

/// <summary>Moderator actions in "audit", numbered in the order they happened.</summary>
public sealed class LiteAuditLog(BotDatabase database) : IAuditLog
{
    private readonly ILiteCollection<BsonDocument> _audit = database.Collection("audit");

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        _audit.Insert(new BsonDocument
        {
            ["at"] = Bson.Instant(entry.At),
            ["moderator"] = Bson.Id(entry.ModeratorId),
            ["guild"] = Bson.Nullable(entry.GuildId),
            ["action"] = entry.Action,
            ["target"] = Bson.Nullable(entry.TargetUserId),
            ["details"] = entry.Details,
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListRecentAsync(int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<AuditEntry> entries = _audit.Find(Query.All(Query.Descending), 0, Math.Max(0, count))
            .Select(d => new AuditEntry(
                Bson.ToInstant(d["at"]), Bson.ToULong(d["moderator"]), Bson.ToNullableULong(d["guild"]),
                d["action"].AsString, Bson.ToNullableULong(d["target"]), d["details"].AsString))
            .ToArray();
        return Task.FromResult(entries);
    }
}
