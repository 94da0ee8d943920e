namespace DiffusionBot.Discord.Models;

/// <summary>A Discord user (https://discord.com/developers/docs/resources/user#user-object), the fields a bot uses.</summary>
public sealed record User
{
    public ulong Id { get; init; }

    public string Username { get; init; } = "";

    /// <summary>"0" for users on the new unique-username system.</summary>
    public string? Discriminator { get; init; }

    public string? GlobalName { get; init; }

    public string? Avatar { get; init; }

    public bool? Bot { get; init; }

    public bool? System { get; init; }

    public int? PublicFlags { get; init; }
}
