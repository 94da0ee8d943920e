using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Events;

/// <summary>READY: the session is identified.</summary>
public sealed record ReadyEvent(
    string SessionId,
    string ResumeGatewayUrl,
    ulong ApplicationId,
    User User,
    int GatewayVersion,
    IReadOnlyList<ulong> GuildIds) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}
