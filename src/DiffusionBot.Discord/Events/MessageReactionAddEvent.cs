namespace DiffusionBot.Discord.Events;

/// <summary>MESSAGE_REACTION_ADD.</summary>
public sealed record MessageReactionAddEvent(
    ulong UserId,
    ulong ChannelId,
    ulong MessageId,
    ulong? GuildId,
    ulong? MessageAuthorId,
    ReactionEmoji Emoji) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}

/// <summary>The reaction's emoji: Id is null for a unicode emoji, whose Name is the emoji itself.</summary>
public sealed record ReactionEmoji(ulong? Id, string? Name);
