namespace DiffusionBot.Discord.Models;

/// <summary>
/// Discord's limits on an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (callback type 8): at most 25 choices, each name
/// 1–100 characters and a string value of at most 100 characters
/// (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure).
/// </summary>
public static class AutocompleteChoices
{
    public const int MaxChoices = 25;
    public const int MaxNameLength = 100;
    public const int MaxStringValueLength = 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first choice Discord would refuse.</summary>
    public static void Validate(IReadOnlyList<ApplicationCommandOptionChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count > MaxChoices)
            throw new ArgumentException($"An autocomplete result has {choices.Count} choices; Discord takes at most {MaxChoices}.", nameof(choices));
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            if (choice.Name.Length is 0 or > MaxNameLength)
                throw new ArgumentException($"Autocomplete choice {i} has a name of {choice.Name.Length} characters; Discord takes 1–{MaxNameLength}.", nameof(choices));
            if (choice.Value.ValueKind == System.Text.Json.JsonValueKind.String && choice.Value.GetString()!.Length > MaxStringValueLength)
                throw new ArgumentException($"Autocomplete choice {i} has a value of more than {MaxStringValueLength} characters.", nameof(choices));
        }
    }
}
