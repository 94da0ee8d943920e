using System.Globalization;

namespace DiffusionBot.Core.Moderation;

/// <summary>The person pressing or typing: user id, guild, permission bits and role ids as Discord sent them.</summary>
public sealed record Member(ulong UserId, ulong? GuildId, ulong Permissions, IReadOnlyList<ulong> RoleIds)
{
    /// <summary>Discord's MANAGE_GUILD permission bit.</summary>
    public const ulong ManageGuild = 0x20;

    /// <summary>Administrators hold every permission.</summary>
    public const ulong Administrator = 0x8;

    public static Member Create(ulong userId, ulong? guildId, string? permissions, IReadOnlyList<ulong>? roleIds) =>
        new(userId, guildId, ParsePermissions(permissions), roleIds ?? []);

    /// <summary>Discord sends permissions as a decimal string; anything unreadable counts as no permission.</summary>
    public static ulong ParsePermissions(string? permissions) =>
        ulong.TryParse(permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : 0;
}
