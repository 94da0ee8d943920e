using System.Globalization;
using System.Text.Json;

namespace DiffusionBot.Discord.Models;

/// <summary>
/// An option value the user gave to a command (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-interaction-data-option-structure).
/// <see cref="Value"/> is a string, integer, number or boolean depending on <see cref="Type"/>; subcommands carry
/// nested <see cref="Options"/> instead.
/// </summary>
public sealed record ApplicationCommandInteractionOption
{
    public string Name { get; init; } = "";

    public ApplicationCommandOptionType Type { get; init; }

    public JsonElement? Value { get; init; }

    public IReadOnlyList<ApplicationCommandInteractionOption>? Options { get; init; }

    /// <summary>True while the user is typing this option (autocomplete).</summary>
    public bool? Focused { get; init; }

    /// <summary>
    /// What the user has typed so far into a focused option. Discord sends it as a string whatever the option's type
    /// (a half-typed number need not parse); a number is given back as its invariant text, anything else as "".
    /// </summary>
    public string GetTypedText() => Value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString()!,
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => "",
    };

    public string GetString() => Value is { ValueKind: JsonValueKind.String } v
        ? v.GetString()!
        : throw WrongType("a string");

    public long GetInt64() => Value is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n)
        ? n
        : throw WrongType("an integer");

    public double GetDouble() => Value is { ValueKind: JsonValueKind.Number } v
        ? v.GetDouble()
        : throw WrongType("a number");

    public bool GetBoolean() => Value is { ValueKind: JsonValueKind.True or JsonValueKind.False } v
        ? v.GetBoolean()
        : throw WrongType("a boolean");

    /// <summary>USER, CHANNEL, ROLE, MENTIONABLE and ATTACHMENT options carry a snowflake (as a string).</summary>
    public ulong GetSnowflake() => Value switch
    {
        { ValueKind: JsonValueKind.String } v when ulong.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        { ValueKind: JsonValueKind.Number } v when v.TryGetUInt64(out var id) => id,
        _ => throw WrongType("a snowflake"),
    };

    private InvalidOperationException WrongType(string expected) =>
        new($"Option '{Name}' (type {Type}) does not hold {expected}; its value is {Value?.ValueKind.ToString() ?? "absent"}.");
}
