using System.Globalization;

namespace DiffusionBot.Discord.Models;

/// <summary>A guild member (https://discord.com/developers/docs/resources/guild#guild-member-object).</summary>
public sealed record GuildMember
{
    /// <summary>Absent in members inside <c>resolved</c> data and in MESSAGE_CREATE.</summary>
    public User? User { get; init; }

    public string? Nick { get; init; }

    public string? Avatar { get; init; }

    /// <summary>Role snowflakes.</summary>
    public IReadOnlyList<ulong>? Roles { get; init; }

    public DateTimeOffset? JoinedAt { get; init; }

    public DateTimeOffset? PremiumSince { get; init; }

    public bool? Deaf { get; init; }

    public bool? Mute { get; init; }

    public int? Flags { get; init; }

    public bool? Pending { get; init; }

    /// <summary>Total permissions of the member in the channel (a decimal bit set as a string); only in interactions.</summary>
    public string? Permissions { get; init; }

    public DateTimeOffset? CommunicationDisabledUntil { get; init; }

    /// <summary>The parsed <see cref="Permissions"/>, or null when absent or not a number.</summary>
    public Permissions? GetPermissions() =>
        ulong.TryParse(Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? (Permissions)bits : null;
}
