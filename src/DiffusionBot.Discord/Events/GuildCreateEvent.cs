namespace DiffusionBot.Discord.Events;

/// <summary>GUILD_CREATE, reduced to what the bot needs: the guild and its roles.</summary>
public sealed record GuildCreateEvent(ulong GuildId, string? Name, bool Unavailable, IReadOnlyList<GuildRoleInfo> Roles) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}

/// <summary>A guild role: id, name and the permission bit set (a decimal string in Discord's JSON).</summary>
public sealed record GuildRoleInfo(ulong Id, string Name, string? Permissions);
