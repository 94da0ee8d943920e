namespace DiffusionBot.Discord.Models;

/// <summary>Discord's documented component limits, checked before anything is sent so that mistakes fail clearly.</summary>
public static class ComponentValidation
{
    public const int MaxCustomIdLength = 100;
    public const int MaxActionRows = 5;
    public const int MaxButtonsPerRow = 5;
    public const int MaxButtonLabelLength = 80;

    /// <summary>A text input's value, min_length and max_length (https://discord.com/developers/docs/components/reference#text-input).</summary>
    public const int MaxTextInputLength = 4000;

    public const int MaxTextInputLabelLength = 45;

    public const int MaxTextInputPlaceholderLength = 100;

    public const int MaxModalTitleLength = 45;

    /// <summary>A modal's title and its rows: 1 to 5 action rows, each holding exactly one text input.</summary>
    public static void ValidateModal(string title, IReadOnlyList<MessageComponent> components)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        ArgumentNullException.ThrowIfNull(components);
        if (title.Length > MaxModalTitleLength)
        {
            throw new ArgumentException($"A modal title is at most {MaxModalTitleLength} characters; got {title.Length}.", nameof(title));
        }

        if (components.Count == 0)
        {
            throw new ArgumentException("A modal needs at least one action row.", nameof(components));
        }

        Validate(components);
        if (components.Any(row => row.Components is not [{ Type: ComponentType.TextInput }]))
        {
            throw new ArgumentException("Each action row of a modal holds exactly one text input.", nameof(components));
        }
    }

    public static void ValidateTextInput(string label, int? minLength, int? maxLength, string? placeholder, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (label.Length > MaxTextInputLabelLength)
        {
            throw new ArgumentException($"A text input label is at most {MaxTextInputLabelLength} characters; got {label.Length}.", nameof(label));
        }

        if (minLength is < 0 or > MaxTextInputLength)
        {
            throw new ArgumentOutOfRangeException(nameof(minLength), minLength, $"min_length is 0 to {MaxTextInputLength}.");
        }

        if (maxLength is < 1 or > MaxTextInputLength || (maxLength < minLength))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"max_length is 1 to {MaxTextInputLength} and not below min_length.");
        }

        if (placeholder is { Length: > MaxTextInputPlaceholderLength })
        {
            throw new ArgumentException($"A text input placeholder is at most {MaxTextInputPlaceholderLength} characters; got {placeholder.Length}.", nameof(placeholder));
        }

        if (value is not null && value.Length > (maxLength ?? MaxTextInputLength))
        {
            throw new ArgumentException($"A text input value is at most {maxLength ?? MaxTextInputLength} characters; got {value.Length}.", nameof(value));
        }
    }

    public static void ValidateCustomId(string? customId)
    {
        if (string.IsNullOrEmpty(customId))
        {
            throw new ArgumentException("A component custom_id must not be empty.", nameof(customId));
        }

        if (customId.Length > MaxCustomIdLength)
        {
            throw new ArgumentException(
                $"A component custom_id must be at most {MaxCustomIdLength} characters; got {customId.Length} (\"{customId[..20]}...\").",
                nameof(customId));
        }
    }

    /// <summary>Validates top-level components of a message or modal (action rows and their children).</summary>
    public static void Validate(IReadOnlyList<MessageComponent>? components)
    {
        if (components is null)
        {
            return;
        }

        if (components.Count > MaxActionRows)
        {
            throw new ArgumentException($"A message has at most {MaxActionRows} action rows; got {components.Count}.", nameof(components));
        }

        foreach (var row in components)
        {
            if (row.Type != ComponentType.ActionRow)
            {
                throw new ArgumentException($"Top-level components must be action rows (type 1); got {row.Type}.", nameof(components));
            }

            var children = row.Components ?? [];
            if (children.Count is 0 or > MaxButtonsPerRow)
            {
                throw new ArgumentException($"An action row holds 1 to {MaxButtonsPerRow} components; got {children.Count}.", nameof(components));
            }

            foreach (var child in children)
            {
                ValidateChild(child);
            }
        }
    }

    private static void ValidateChild(MessageComponent child)
    {
        switch (child.Type)
        {
            case ComponentType.ActionRow:
                throw new ArgumentException("Action rows cannot be nested.", nameof(child));
            case ComponentType.Button when child.Style == (int)ButtonStyle.Link:
                if (string.IsNullOrWhiteSpace(child.Url) || child.CustomId is not null)
                {
                    throw new ArgumentException("A link button needs a url and no custom_id.", nameof(child));
                }

                break;
            case ComponentType.Button when child.Style == (int)ButtonStyle.Premium:
                break;
            default:
                ValidateCustomId(child.CustomId);
                break;
        }

        if (child.Type == ComponentType.Button && child.Label is { Length: > MaxButtonLabelLength })
        {
            throw new ArgumentException($"A button label is at most {MaxButtonLabelLength} characters; got {child.Label.Length}.", nameof(child));
        }
    }
}
