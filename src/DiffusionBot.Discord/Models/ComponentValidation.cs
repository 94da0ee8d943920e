namespace DiffusionBot.Discord.Models;

/// <summary>Discord's documented component limits, checked before anything is sent so that mistakes fail clearly.</summary>
public static class ComponentValidation
{
    public const int MaxCustomIdLength = 100;
    public const int MaxActionRows = 5;
    public const int MaxButtonsPerRow = 5;
    public const int MaxButtonLabelLength = 80;

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
