using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Quotas;

/// <summary>Maps a quota account, with its recent charges, to and from one BSON document keyed by the user id.</summary>
internal static class QuotaDocuments
{
    public const string Collection = "quotas";

    public static BsonDocument ToDocument(ulong userId, QuotaAccount account) => new()
    {
        ["_id"] = Bson.Id(userId),
        ["windowStart"] = Bson.Instant(account.WindowStart),
        ["used"] = account.Used,
        ["extra"] = account.Extra,
        ["override"] = Bson.Nullable(account.AllowanceOverride),
        ["charges"] = new BsonArray(account.Charges.Select(c => new BsonDocument
        {
            ["job"] = c.JobId.Value,
            ["cost"] = c.Cost,
            ["window"] = Bson.Instant(c.WindowStart),
            ["refunded"] = c.Refunded,
        })),
    };

    public static QuotaAccount ToAccount(BsonDocument d) => new()
    {
        WindowStart = Bson.ToInstant(d["windowStart"]),
        Used = d["used"].AsInt32,
        Extra = d["extra"].AsInt32,
        AllowanceOverride = Bson.ToNullableInt(d["override"]),
        Charges = d["charges"].AsArray
            .Select(v => v.AsDocument)
            .Select(c => new QuotaCharge(new JobId(c["job"].AsInt64), c["cost"].AsInt32, Bson.ToInstant(c["window"]), c["refunded"].AsBoolean))
            .ToArray(),
    };
}
