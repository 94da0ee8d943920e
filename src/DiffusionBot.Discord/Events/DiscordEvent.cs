namespace DiffusionBot.Discord.Events;

/// <summary>A typed gateway event, delivered to every registered <see cref="IDiscordEventHandler{TEvent}"/>.</summary>
public abstract record DiscordEvent
{
    /// <summary>Hands this event to the handlers registered for its concrete type.</summary>
    internal abstract Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken);
}
