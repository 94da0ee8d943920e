using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Events;

/// <summary>
/// INTERACTION_CREATE: a slash command, a message component (button) or a modal submit. Answer within 3 s.
/// The interaction's token is a secret; never log it (ToString leaves it out).
/// </summary>
public sealed record InteractionCreateEvent(Interaction Interaction) : DiscordEvent
{
    internal override Task DispatchAsync(DiscordEventDispatcher dispatcher, CancellationToken cancellationToken) =>
        dispatcher.InvokeHandlersAsync(this, cancellationToken);

    public override string ToString() => $"{nameof(InteractionCreateEvent)} {{ {Interaction} }}";
}
