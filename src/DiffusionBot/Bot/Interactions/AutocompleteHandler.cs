using DiffusionBot.Bot.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// APPLICATION_COMMAND_AUTOCOMPLETE: answers at once (no deferral exists for it) with up to 25 catalogue models
/// matching what was typed into <c>/imagine model:</c> or <c>/settings model:</c>; any other option gets no choices.
/// What is finally sent is still checked when the command arrives.
/// </summary>
internal sealed class AutocompleteHandler(IModelCatalog catalog, InteractionReplies replies)
{
    public async Task HandleAsync(Interaction interaction, Action acknowledged, CancellationToken ct)
    {
        var focused = interaction.Data?.GetFocusedOption();
        var command = interaction.Data?.Name;
        IReadOnlyList<ApplicationCommandOptionChoice> choices =
            focused is { Name: ImagineOptionNames.Model } && command is BotCommands.Imagine or BotCommands.Settings
                ? [.. ModelSuggestions.For(catalog.Models, focused.GetTypedText()).Select(s => ApplicationCommandOptionChoice.Of(s.Label, s.Name))]
                : [];
        await replies.AutocompleteAsync(interaction, choices, ct);
        acknowledged();
    }
}
