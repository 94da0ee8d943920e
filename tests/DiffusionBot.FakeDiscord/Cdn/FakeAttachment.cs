using System.Globalization;
using System.Text.Json.Nodes;

namespace DiffusionBot.FakeDiscord.Cdn;

/// <summary>
/// A file on the fake CDN, as an interaction's <c>data.resolved.attachments</c> entry describes it. <see cref="Size"/> is
/// what Discord declares; it may differ from the bytes served, to test a client that must not trust it.
/// </summary>
public sealed record FakeAttachment(ulong Id, string Filename, string? ContentType, long Size, Uri Url, int? Width, int? Height)
{
    public string IdText => Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The attachment object (snake_case, id as a string), as Discord puts it in <c>resolved.attachments</c>.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = IdText,
            ["filename"] = Filename,
            ["size"] = Size,
            ["url"] = Url.ToString(),
            ["proxy_url"] = Url.ToString(),
        };
        if (ContentType is not null) json["content_type"] = ContentType;
        if (Width is not null) json["width"] = Width;
        if (Height is not null) json["height"] = Height;
        return json;
    }
}
