namespace DiffusionBot.Discord.Models;

/// <summary>
/// The <c>data</c> of an interaction; one shape for all interaction types, as on the wire:
/// application commands use <see cref="Id"/>, <see cref="Name"/>, <see cref="Type"/>, <see cref="Options"/>,
/// <see cref="Resolved"/>; message components use <see cref="CustomId"/>, <see cref="ComponentType"/>,
/// <see cref="Values"/>; modal submits use <see cref="CustomId"/> and <see cref="Components"/>.
/// </summary>
public sealed record InteractionData
{
    public ulong? Id { get; init; }

    public string? Name { get; init; }

    public ApplicationCommandType? Type { get; init; }

    public ResolvedData? Resolved { get; init; }

    public IReadOnlyList<ApplicationCommandInteractionOption>? Options { get; init; }

    public ulong? GuildId { get; init; }

    public ulong? TargetId { get; init; }

    public string? CustomId { get; init; }

    public ComponentType? ComponentType { get; init; }

    /// <summary>Selected values of a select menu.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Modal submit: action rows holding the text inputs with their values.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>
    /// The options that carry values: for a subcommand (or a subcommand of a group), its own options; otherwise the
    /// top-level options.
    /// </summary>
    public IReadOnlyList<ApplicationCommandInteractionOption> GetLeafOptions()
    {
        var options = Options ?? [];
        while (options.Count == 1 && options[0].Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup)
        {
            options = options[0].Options ?? [];
        }

        return options;
    }

    /// <summary>The invoked subcommand path, e.g. "group sub", or "" when the command has none.</summary>
    public string GetSubcommandPath()
    {
        var parts = new List<string>();
        var options = Options ?? [];
        while (options.Count == 1 && options[0].Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup)
        {
            parts.Add(options[0].Name);
            options = options[0].Options ?? [];
        }

        return string.Join(' ', parts);
    }

    /// <summary>
    /// APPLICATION_COMMAND_AUTOCOMPLETE (interaction type 4): the option the user is typing (<c>focused: true</c>, at
    /// any subcommand depth), or null when none is marked.
    /// </summary>
    public ApplicationCommandInteractionOption? GetFocusedOption() => FindFocused(Options ?? []);

    private static ApplicationCommandInteractionOption? FindFocused(IReadOnlyList<ApplicationCommandInteractionOption> options)
    {
        foreach (var option in options)
        {
            if (option.Focused == true)
            {
                return option;
            }

            if (option.Options is { Count: > 0 } nested && FindFocused(nested) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The file given for the ATTACHMENT option <paramref name="optionName"/> (its value is the id of an entry in
    /// <see cref="ResolvedData.Attachments"/>), or null when the option was not given or Discord did not resolve it.
    /// </summary>
    public Attachment? GetAttachment(string optionName)
    {
        var option = GetLeafOptions().FirstOrDefault(o => o.Name == optionName && o.Type == ApplicationCommandOptionType.Attachment);
        if (option is null || Resolved?.Attachments is not { } attachments) return null;
        return attachments.TryGetValue(option.GetSnowflake(), out var attachment) ? attachment : null;
    }

    /// <summary>Modal submit: the value of the text input with this custom_id, or null.</summary>
    public string? GetTextInputValue(string customId) =>
        (Components ?? [])
            .SelectMany(row => row.Components ?? [])
            .FirstOrDefault(c => c.CustomId == customId)?.Value;
}

/// <summary>Users, members, roles and attachments referenced by options, keyed by id.</summary>
public sealed record ResolvedData
{
    public IReadOnlyDictionary<ulong, User>? Users { get; init; }

    /// <summary>Partial members (no user, deaf or mute).</summary>
    public IReadOnlyDictionary<ulong, GuildMember>? Members { get; init; }

    public IReadOnlyDictionary<ulong, Role>? Roles { get; init; }

    public IReadOnlyDictionary<ulong, Attachment>? Attachments { get; init; }
}

/// <summary>A role, as resolved in interaction data.</summary>
public sealed record Role
{
    public ulong Id { get; init; }

    public string Name { get; init; } = "";

    public int? Color { get; init; }

    public string? Permissions { get; init; }

    public int? Position { get; init; }
}
