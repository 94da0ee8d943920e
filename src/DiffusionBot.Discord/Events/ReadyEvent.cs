namespace DiffusionBot.Discord.Events;

/// <summary>READY: the session is identified.</summary>
public sealed record ReadyEvent(
    string SessionId,
    string ResumeGatewayUrl,
    ulong ApplicationId,
    ReadyBotUser User,
    int GatewayVersion,
    IReadOnlyList<ulong> GuildIds) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}

/// <summary>The bot's own user, as READY reports it.</summary>
public sealed record ReadyBotUser(ulong Id, string Username, string? GlobalName);
