using StackExchange.Redis;

namespace DiffusionBot.Workers.Protocol;

/// <summary>Moves an entry nobody can read to the dead-letter stream (with where it came from and why), so it is kept
/// for a person and not delivered again.</summary>
internal static class DeadLetters
{
    public static async Task MoveAsync(IDatabase db, StreamKeys keys, RedisKey stream, string group, StreamEntry entry, string reason)
    {
        var fields = new List<NameValueEntry>
        {
            new("from", (string?)stream),
            new("id", entry.Id),
            new("reason", reason),
        };
        fields.AddRange(entry.Values.Select(v => new NameValueEntry("field:" + v.Name, v.Value)));
        await db.StreamAddAsync(keys.DeadLetters, [.. fields]);
        await db.StreamAcknowledgeAsync(stream, group, entry.Id);
        await db.StreamDeleteAsync(stream, [entry.Id]);
    }
}
