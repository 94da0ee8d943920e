namespace DiffusionBot.Discord.Gateway.Payloads;

// The "d" of frames this client reads. Snowflakes arrive as strings and are read into ulong.

internal sealed record HelloData(double HeartbeatInterval);

internal sealed record ReadyData(
    int V,
    ReadyUser User,
    string SessionId,
    string ResumeGatewayUrl,
    ReadyApplication Application,
    IReadOnlyList<UnavailableGuild>? Guilds = null);

internal sealed record ReadyUser(ulong Id, string Username, string? GlobalName = null, string? Discriminator = null, bool? Bot = null);

internal sealed record ReadyApplication(ulong Id, long? Flags = null);

internal sealed record UnavailableGuild(ulong Id, bool? Unavailable = null);

internal sealed record GuildCreateData(ulong Id, string? Name = null, bool? Unavailable = null, IReadOnlyList<GuildRoleData>? Roles = null);

internal sealed record GuildRoleData(ulong Id, string Name, string? Permissions = null, int? Position = null);

internal sealed record MessageReactionAddData(
    ulong UserId,
    ulong ChannelId,
    ulong MessageId,
    ReactionEmojiData Emoji,
    ulong? GuildId = null,
    ulong? MessageAuthorId = null,
    ReactionMemberData? Member = null);

/// <summary>The reacting member (guild reactions only): its roles; gateway members carry no permissions.</summary>
internal sealed record ReactionMemberData(IReadOnlyList<ulong>? Roles = null);

internal sealed record ReactionEmojiData(ulong? Id = null, string? Name = null, bool? Animated = null);
