namespace DiffusionBot.Discord.Events;

/// <summary>RESUMED: a resumed session has replayed every missed event.</summary>
public sealed record ResumedEvent : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);
}
