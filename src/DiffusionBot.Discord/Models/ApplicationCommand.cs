namespace DiffusionBot.Discord.Models;

/// <summary>https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-types</summary>
public enum ApplicationCommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
    PrimaryEntryPoint = 4,
}

/// <summary>https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type</summary>
public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    /// <summary>Any integer between -2^53 and 2^53.</summary>
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    /// <summary>Any double between -2^53 and 2^53.</summary>
    Number = 10,
    Attachment = 11,
}

/// <summary>
/// An application command, as registered with Bulk Overwrite (<see cref="Id"/>/<see cref="ApplicationId"/>/<see cref="Version"/>
/// are filled in by Discord in responses).
/// </summary>
public sealed record ApplicationCommand
{
    public ulong? Id { get; init; }

    public ApplicationCommandType? Type { get; init; }

    public ulong? ApplicationId { get; init; }

    public ulong? GuildId { get; init; }

    /// <summary>1-32 characters; lower case for chat input commands.</summary>
    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }

    /// <summary>1-100 characters for chat input commands; empty for user and message commands.</summary>
    public string Description { get; init; } = "";

    public IReadOnlyDictionary<string, string>? DescriptionLocalizations { get; init; }

    /// <summary>At most 25.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>Permission bit set as a decimal string; "0" means admins only; null means everyone.</summary>
    public string? DefaultMemberPermissions { get; init; }

    /// <summary>Deprecated in favour of contexts, still accepted for global commands.</summary>
    public bool? DmPermission { get; init; }

    public bool? Nsfw { get; init; }

    /// <summary>0 guild install, 1 user install.</summary>
    public IReadOnlyList<int>? IntegrationTypes { get; init; }

    /// <summary>0 guild, 1 bot DM, 2 private channel.</summary>
    public IReadOnlyList<int>? Contexts { get; init; }

    public ulong? Version { get; init; }
}

/// <summary>https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-structure</summary>
public sealed record ApplicationCommandOption
{
    public ApplicationCommandOptionType Type { get; init; }

    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyDictionary<string, string>? DescriptionLocalizations { get; init; }

    /// <summary>Not allowed on subcommands and groups.</summary>
    public bool? Required { get; init; }

    /// <summary>At most 25; for STRING, INTEGER and NUMBER.</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    /// <summary>Subcommands of a group, or options of a subcommand.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    public IReadOnlyList<int>? ChannelTypes { get; init; }

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    /// <summary>STRING: 0-6000.</summary>
    public int? MinLength { get; init; }

    /// <summary>STRING: 1-6000.</summary>
    public int? MaxLength { get; init; }

    public bool? Autocomplete { get; init; }
}

/// <summary>A fixed choice; <see cref="Value"/> is a string, integer or number matching the option type.</summary>
public sealed record ApplicationCommandOptionChoice
{
    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }

    public System.Text.Json.JsonElement Value { get; init; }

    public static ApplicationCommandOptionChoice Of(string name, string value) =>
        new() { Name = name, Value = System.Text.Json.JsonSerializer.SerializeToElement(value, Json.DiscordJsonContext.Default.String) };

    public static ApplicationCommandOptionChoice Of(string name, long value) =>
        new() { Name = name, Value = System.Text.Json.JsonSerializer.SerializeToElement(value, Json.DiscordJsonContext.Default.Int64) };

    public static ApplicationCommandOptionChoice Of(string name, double value) =>
        new() { Name = name, Value = System.Text.Json.JsonSerializer.SerializeToElement(value, Json.DiscordJsonContext.Default.Double) };
}
