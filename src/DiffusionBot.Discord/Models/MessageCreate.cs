namespace DiffusionBot.Discord.Models;

/// <summary>
/// The JSON body (or multipart <c>payload_json</c>) of Create Message and of Execute Webhook / Create Followup Message
/// (https://discord.com/developers/docs/resources/message#create-message-jsonform-params). When files are uploaded,
/// <see cref="Attachments"/> lists them (id = upload index); the REST client fills it in when left null.
/// </summary>
public sealed record MessageCreate
{
    public string? Content { get; init; }

    /// <summary>Create Message only: with <see cref="EnforceNonce"/>, a second message with the same nonce within minutes is not created.</summary>
    public string? Nonce { get; init; }

    /// <summary>Create Message only: makes <see cref="Nonce"/> a de-duplication key (the REST client sets both when Nonce is null).</summary>
    public bool? EnforceNonce { get; init; }

    public bool? Tts { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public AllowedMentions? AllowedMentions { get; init; }

    public MessageReference? MessageReference { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    /// <summary>SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS; EPHEMERAL for follow-ups.</summary>
    public MessageFlags? Flags { get; init; }
}

/// <summary>
/// The body of Edit Message / Edit Original Interaction Response / Edit Followup Message. Null fields are left
/// unchanged. <see cref="Attachments"/> lists the attachments to keep (existing ids) and the new uploads (index);
/// the REST client appends the new uploads when files are given.
/// </summary>
public sealed record MessageEdit
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public MessageFlags? Flags { get; init; }

    public AllowedMentions? AllowedMentions { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

/// <summary>A file to upload with a message: bytes, name and optional alt text.</summary>
public sealed record FileAttachment(string FileName, ReadOnlyMemory<byte> Content, string? Description = null, string ContentType = "application/octet-stream")
{
    public static FileAttachment Png(string fileName, ReadOnlyMemory<byte> content, string? description = null) =>
        new(fileName, content, description, "image/png");
}
