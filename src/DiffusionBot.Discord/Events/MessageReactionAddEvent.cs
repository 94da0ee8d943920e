using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Events;

/// <summary>MESSAGE_REACTION_ADD.</summary>
public sealed record MessageReactionAddEvent(
    ulong UserId,
    ulong ChannelId,
    ulong MessageId,
    ulong? GuildId,
    ulong? MessageAuthorId,
    Emoji Emoji) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}
