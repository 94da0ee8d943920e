namespace DiffusionBot.Discord.Events;

/// <summary>
/// Handles one kind of gateway event. All handlers of an event run concurrently, each in its own DI scope per event;
/// keep the synchronous part short (await real work) so the next event is not held up. Exceptions are logged.
/// </summary>
public interface IDiscordEventHandler<in TEvent>
    where TEvent : DiscordEvent
{
    Task HandleAsync(TEvent e, CancellationToken cancellationToken);
}
