namespace DiffusionBot.Discord.Models;

/// <summary>
/// An attachment (https://discord.com/developers/docs/resources/message#attachment-object). In outgoing payloads only
/// <see cref="Id"/> (the upload index n of <c>files[n]</c>, or an existing attachment's id to keep), <see cref="Filename"/>
/// and <see cref="Description"/> are sent.
/// </summary>
public sealed record Attachment
{
    public ulong Id { get; init; }

    public string? Filename { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? ContentType { get; init; }

    public long? Size { get; init; }

    public string? Url { get; init; }

    public string? ProxyUrl { get; init; }

    public int? Height { get; init; }

    public int? Width { get; init; }

    public bool? Ephemeral { get; init; }

    public int? Flags { get; init; }
}
