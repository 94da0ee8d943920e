namespace DiffusionBot.Discord.Models;

/// <summary>
/// A message or modal component (https://discord.com/developers/docs/interactions/message-components). One shape for
/// all types, as on the wire: <see cref="Type"/> says which fields apply. Build with the factory methods, which
/// validate Discord's limits; <see cref="ComponentValidation"/> checks payloads again before they are sent.
/// </summary>
public sealed record MessageComponent
{
    public ComponentType Type { get; init; }

    /// <summary>Children of an action row.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>Developer-defined id, at most <see cref="ComponentValidation.MaxCustomIdLength"/> characters.</summary>
    public string? CustomId { get; init; }

    /// <summary><see cref="ButtonStyle"/> for buttons, <see cref="TextInputStyle"/> for text inputs.</summary>
    public int? Style { get; init; }

    public string? Label { get; init; }

    public Emoji? Emoji { get; init; }

    public string? Url { get; init; }

    public bool? Disabled { get; init; }

    /// <summary>Text input: the submitted value (in modal submits) or the pre-filled value.</summary>
    public string? Value { get; init; }

    public string? Placeholder { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public bool? Required { get; init; }

    public static MessageComponent ActionRow(params IReadOnlyList<MessageComponent> components)
    {
        var row = new MessageComponent { Type = ComponentType.ActionRow, Components = components };
        ComponentValidation.Validate([row]);
        return row;
    }

    public static MessageComponent Button(ButtonStyle style, string customId, string? label = null, Emoji? emoji = null, bool disabled = false)
    {
        if (style == ButtonStyle.Link)
        {
            throw new ArgumentException("Link buttons have a URL, not a custom_id: use MessageComponent.LinkButton.", nameof(style));
        }

        ComponentValidation.ValidateCustomId(customId);
        return new MessageComponent
        {
            Type = ComponentType.Button,
            Style = (int)style,
            CustomId = customId,
            Label = label,
            Emoji = emoji,
            Disabled = disabled ? true : null,
        };
    }

    public static MessageComponent LinkButton(string url, string? label = null, Emoji? emoji = null, bool disabled = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return new MessageComponent
        {
            Type = ComponentType.Button,
            Style = (int)ButtonStyle.Link,
            Url = url,
            Label = label,
            Emoji = emoji,
            Disabled = disabled ? true : null,
        };
    }

    public static MessageComponent TextInput(
        string customId, string label, TextInputStyle style = TextInputStyle.Short, bool required = true,
        int? minLength = null, int? maxLength = null, string? placeholder = null, string? value = null)
    {
        ComponentValidation.ValidateCustomId(customId);
        ComponentValidation.ValidateTextInput(label, minLength, maxLength, placeholder, value);
        return new MessageComponent
        {
            Type = ComponentType.TextInput,
            CustomId = customId,
            Label = label,
            Style = (int)style,
            Required = required,
            MinLength = minLength,
            MaxLength = maxLength,
            Placeholder = placeholder,
            Value = value,
        };
    }
}
