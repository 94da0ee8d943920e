namespace DiffusionBot.Discord.Models;

/// <summary>Helpers for Discord snowflake ids (carried as <see cref="ulong"/> in every model).</summary>
public static class Snowflake
{
    /// <summary>Milliseconds since the Unix epoch of the first second of 2015, Discord's epoch.</summary>
    public const long DiscordEpochMilliseconds = 1_420_070_400_000;

    /// <summary>The creation time encoded in a snowflake.</summary>
    public static DateTimeOffset GetTimestamp(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMilliseconds);

    /// <summary>Parses a decimal snowflake; throws <see cref="FormatException"/> with a clear message otherwise.</summary>
    public static ulong Parse(string value) =>
        ulong.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FormatException($"'{value}' is not a Discord snowflake (unsigned 64-bit decimal integer).");
}
