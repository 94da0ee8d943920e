namespace DiffusionBot.Discord.Models;

/// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type</summary>
public enum InteractionCallbackType
{
    Pong = 1,
    /// <summary>Respond with a message.</summary>
    ChannelMessageWithSource = 4,
    /// <summary>ACK now, edit the original response later; the user sees a loading state.</summary>
    DeferredChannelMessageWithSource = 5,
    /// <summary>Components only: ACK now, edit the component's message later; no loading state.</summary>
    DeferredUpdateMessage = 6,
    /// <summary>Components only: edit the component's message.</summary>
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    /// <summary>Show a modal (not available for MODAL_SUBMIT and PING).</summary>
    Modal = 9,
}

/// <summary>The body of Create Interaction Response (POST /interactions/{id}/{token}/callback).</summary>
public sealed record InteractionResponse
{
    public InteractionCallbackType Type { get; init; }

    public InteractionCallbackData? Data { get; init; }

    public static InteractionResponse Defer(bool ephemeral = false) => new()
    {
        Type = InteractionCallbackType.DeferredChannelMessageWithSource,
        Data = ephemeral ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
    };

    public static InteractionResponse DeferUpdate() => new() { Type = InteractionCallbackType.DeferredUpdateMessage };

    public static InteractionResponse Message(string content, bool ephemeral = false, IReadOnlyList<MessageComponent>? components = null) => new()
    {
        Type = InteractionCallbackType.ChannelMessageWithSource,
        Data = new InteractionCallbackData
        {
            Content = content,
            Flags = ephemeral ? MessageFlags.Ephemeral : null,
            Components = components,
            AllowedMentions = AllowedMentions.None,
        },
    };

    /// <summary>Type 8: the choices offered for the option being typed (at most 25; an empty list shows none).</summary>
    public static InteractionResponse AutocompleteResult(IReadOnlyList<ApplicationCommandOptionChoice> choices)
    {
        AutocompleteChoices.Validate(choices);
        return new()
        {
            Type = InteractionCallbackType.ApplicationCommandAutocompleteResult,
            Data = new InteractionCallbackData { Choices = choices },
        };
    }

    public static InteractionResponse ShowModal(string customId, string title, params IReadOnlyList<MessageComponent> components)
    {
        ComponentValidation.ValidateCustomId(customId);
        ComponentValidation.ValidateModal(title, components);
        return new()
        {
            Type = InteractionCallbackType.Modal,
            Data = new InteractionCallbackData { CustomId = customId, Title = title, Components = components },
        };
    }
}

/// <summary>
/// Callback data: message fields for types 4 and 7 (flags EPHEMERAL only for 4/5), modal fields
/// (<see cref="CustomId"/>, <see cref="Title"/>, <see cref="Components"/>) for type 9, <see cref="Choices"/> for 8.
/// </summary>
public sealed record InteractionCallbackData
{
    public bool? Tts { get; init; }

    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public AllowedMentions? AllowedMentions { get; init; }

    public MessageFlags? Flags { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    /// <summary>Modal: its custom_id.</summary>
    public string? CustomId { get; init; }

    /// <summary>Modal: its title (at most 45 characters).</summary>
    public string? Title { get; init; }

    /// <summary>Autocomplete result.</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }
}
