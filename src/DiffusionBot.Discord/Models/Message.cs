namespace DiffusionBot.Discord.Models;

/// <summary>A message (https://discord.com/developers/docs/resources/message#message-object), the fields a bot uses.</summary>
public sealed record Message
{
    public ulong Id { get; init; }

    public ulong ChannelId { get; init; }

    public ulong? GuildId { get; init; }

    public User? Author { get; init; }

    public GuildMember? Member { get; init; }

    public string? Content { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public DateTimeOffset? EditedTimestamp { get; init; }

    public bool? Tts { get; init; }

    public bool? MentionEveryone { get; init; }

    public IReadOnlyList<User>? Mentions { get; init; }

    public IReadOnlyList<ulong>? MentionRoles { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public bool? Pinned { get; init; }

    public ulong? WebhookId { get; init; }

    /// <summary>0 default, 19 reply, 20 chat input command, ...</summary>
    public int? Type { get; init; }

    public ulong? ApplicationId { get; init; }

    public MessageFlags? Flags { get; init; }

    public MessageReference? MessageReference { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }
}

/// <summary>A reply target (https://discord.com/developers/docs/resources/message#message-reference-structure).</summary>
public sealed record MessageReference
{
    /// <summary>0 default (reply), 1 forward.</summary>
    public int? Type { get; init; }

    public ulong? MessageId { get; init; }

    public ulong? ChannelId { get; init; }

    public ulong? GuildId { get; init; }

    public bool? FailIfNotExists { get; init; }
}

/// <summary>https://discord.com/developers/docs/resources/message#allowed-mentions-object</summary>
public sealed record AllowedMentions
{
    /// <summary>"roles", "users", "everyone".</summary>
    public IReadOnlyList<string>? Parse { get; init; }

    public IReadOnlyList<ulong>? Roles { get; init; }

    public IReadOnlyList<ulong>? Users { get; init; }

    public bool? RepliedUser { get; init; }

    /// <summary>Mentions nobody: the safe default for echoing user text.</summary>
    public static AllowedMentions None => new() { Parse = [] };
}
