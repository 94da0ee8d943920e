namespace DiffusionBot.Discord.Models;

/// <summary>A rich embed (https://discord.com/developers/docs/resources/message#embed-object).</summary>
public sealed record Embed
{
    public string? Title { get; init; }

    /// <summary>"rich" for bot embeds; set by Discord.</summary>
    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>RGB as an integer, e.g. 0x5865F2.</summary>
    public int? Color { get; init; }

    public EmbedFooter? Footer { get; init; }

    /// <summary>Use <c>attachment://file.png</c> to show an uploaded file.</summary>
    public EmbedMedia? Image { get; init; }

    public EmbedMedia? Thumbnail { get; init; }

    public EmbedAuthor? Author { get; init; }

    public IReadOnlyList<EmbedField>? Fields { get; init; }
}

public sealed record EmbedFooter
{
    public string Text { get; init; } = "";

    public string? IconUrl { get; init; }

    public string? ProxyIconUrl { get; init; }
}

/// <summary>An embed image or thumbnail.</summary>
public sealed record EmbedMedia
{
    public string Url { get; init; } = "";

    public string? ProxyUrl { get; init; }

    public int? Height { get; init; }

    public int? Width { get; init; }
}

public sealed record EmbedAuthor
{
    public string Name { get; init; } = "";

    public string? Url { get; init; }

    public string? IconUrl { get; init; }

    public string? ProxyIconUrl { get; init; }
}

public sealed record EmbedField
{
    public string Name { get; init; } = "";

    public string Value { get; init; } = "";

    public bool? Inline { get; init; }
}
