using StackExchange.Redis;

namespace DiffusionBot.Workers.Protocol;

/// <summary>Reading the name/value pairs of a stream entry.</summary>
internal static class Fields
{
    /// <summary>Version of every message this build writes; a different one is refused, not guessed at.</summary>
    public const string Version = "1";

    public static NameValueEntry Entry(string name, RedisValue value) => new(name, value);

    public static RedisValue Get(StreamEntry entry, string name)
    {
        foreach (var field in entry.Values)
        {
            if (field.Name == name) return field.Value;
        }
        return RedisValue.Null;
    }

    public static string Required(StreamEntry entry, string name)
    {
        var value = Get(entry, name);
        if (value.IsNullOrEmpty) throw new MessageFormatException($"Field '{name}' is missing.");
        return value.ToString();
    }

    public static void CheckVersion(StreamEntry entry)
    {
        var version = Get(entry, "v");
        if (version != Version) throw new MessageFormatException($"Unsupported message version '{version}' (this build speaks {Version}).");
    }

    public static int RequiredInt(StreamEntry entry, string name) =>
        int.TryParse(Required(entry, name), out var value) ? value : throw new MessageFormatException($"Field '{name}' is not a whole number.");
}
