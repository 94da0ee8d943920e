namespace DiffusionBot.Discord.Models;

/// <summary>
/// An emoji (https://discord.com/developers/docs/resources/emoji#emoji-object): a Unicode emoji has only
/// <see cref="Name"/> (the character); a custom emoji has <see cref="Id"/> and <see cref="Name"/>.
/// </summary>
public sealed record Emoji
{
    public ulong? Id { get; init; }

    public string? Name { get; init; }

    public bool? Animated { get; init; }

    public static Emoji Unicode(string character) => new() { Name = character };

    public static Emoji Custom(string name, ulong id, bool animated = false) =>
        new() { Name = name, Id = id, Animated = animated ? true : null };
}
