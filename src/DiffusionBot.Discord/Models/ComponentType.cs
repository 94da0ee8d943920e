namespace DiffusionBot.Discord.Models;

/// <summary>https://discord.com/developers/docs/interactions/message-components#component-object-component-types</summary>
public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
    TextInput = 4,
    UserSelect = 5,
    RoleSelect = 6,
    MentionableSelect = 7,
    ChannelSelect = 8,
}

/// <summary>https://discord.com/developers/docs/interactions/message-components#button-object-button-styles</summary>
public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    /// <summary>Navigates to <see cref="MessageComponent.Url"/>; has no custom_id.</summary>
    Link = 5,
    Premium = 6,
}

/// <summary>https://discord.com/developers/docs/interactions/message-components#text-input-object-text-input-styles</summary>
public enum TextInputStyle
{
    Short = 1,
    Paragraph = 2,
}
