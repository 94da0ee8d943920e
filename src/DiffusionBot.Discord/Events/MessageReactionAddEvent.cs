using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Events;

/// <summary>MESSAGE_REACTION_ADD. <see cref="MemberRoleIds"/>: the reacting member's roles (empty outside guilds); Discord sends no permissions with it.</summary>
public sealed record MessageReactionAddEvent(
    ulong UserId,
    ulong ChannelId,
    ulong MessageId,
    ulong? GuildId,
    ulong? MessageAuthorId,
    Emoji Emoji,
    IReadOnlyList<ulong>? MemberRoleIds = null) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}
