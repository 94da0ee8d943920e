using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Events;

/// <summary>GUILD_CREATE, reduced to what the bot needs: the guild and its roles.</summary>
public sealed record GuildCreateEvent(ulong GuildId, string? Name, bool Unavailable, IReadOnlyList<Role> Roles) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}
