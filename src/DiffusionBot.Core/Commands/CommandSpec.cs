namespace DiffusionBot.Core.Commands;

public enum CommandOptionType
{
    SubCommand = 1,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Number = 10,
}

/// <summary>One option of a slash command, in neutral form (the host maps it to Discord's JSON; the enum values match Discord's).</summary>
public sealed record CommandOptionSpec(
    string Name,
    string Description,
    CommandOptionType Type,
    bool Required = false,
    IReadOnlyList<string>? Choices = null,
    double? MinValue = null,
    double? MaxValue = null,
    int? MaxLength = null,
    IReadOnlyList<CommandOptionSpec>? Options = null);

/// <summary>A slash command to register.</summary>
public sealed record CommandSpec(string Name, string Description, IReadOnlyList<CommandOptionSpec> Options);
