using System.Diagnostics;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot.Interactions;

/// <summary>Every INTERACTION_CREATE: slash commands, buttons and modal submits are acknowledged first (well inside Discord's 3 s),
/// autocomplete is answered with its choices at once,
/// then the use case runs; anything unexpected still ends in a clear answer.</summary>
internal sealed class InteractionRouter(
    SlashCommandHandler commands,
    ButtonHandler buttons,
    ModalHandler modals,
    AutocompleteHandler autocomplete,
    IDiscordRestClient rest,
    ILogger<InteractionRouter> logger) : IDiscordEventHandler<InteractionCreateEvent>
{
    public const string InternalErrorMessage = "Something went wrong on our side; nothing was charged. Please try again.";

    public async Task HandleAsync(InteractionCreateEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var interaction = e.Interaction;
        var started = Stopwatch.GetTimestamp();
        var acknowledged = false;
        void Acknowledged()
        {
            acknowledged = true;
            BotLog.Deferred(logger, interaction.Id, interaction.Type, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        try
        {
            switch (interaction.Type)
            {
                case InteractionType.Ping:
                    await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse { Type = InteractionCallbackType.Pong }, null, cancellationToken);
                    break;
                case InteractionType.ApplicationCommand:
                    await commands.HandleAsync(interaction, Acknowledged, cancellationToken);
                    break;
                case InteractionType.MessageComponent:
                    await buttons.HandleAsync(interaction, Acknowledged, cancellationToken);
                    break;
                case InteractionType.ApplicationCommandAutocomplete:
                    await autocomplete.HandleAsync(interaction, Acknowledged, cancellationToken);
                    break;
                case InteractionType.ModalSubmit:
                    await modals.HandleAsync(interaction, Acknowledged, cancellationToken);
                    break;
                default:
                    await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message("This kind of interaction is not supported.", ephemeral: true), null, cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            BotLog.InteractionFailed(logger, ex, interaction.Id);
            await TryReportAsync(interaction, acknowledged, cancellationToken);
        }
    }

    private async Task TryReportAsync(Interaction interaction, bool acknowledged, CancellationToken ct)
    {
        try
        {
            if (acknowledged)
            {
                await rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token,
                    new MessageEdit { Content = InternalErrorMessage, Components = [], AllowedMentions = AllowedMentions.None }, null, ct);
            }
            else
            {
                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(InternalErrorMessage, ephemeral: true), null, ct);
            }
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException)
        {
            BotLog.InteractionFailed(logger, ex, interaction.Id);
        }
    }
}
