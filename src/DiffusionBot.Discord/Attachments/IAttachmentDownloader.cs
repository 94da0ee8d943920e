using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Attachments;

/// <summary>
/// Fetches the bytes of a file a member attached to an interaction (its CDN <see cref="Attachment.Url"/>, else
/// <see cref="Attachment.ProxyUrl"/>). The bot token is never sent with it.
/// </summary>
public interface IAttachmentDownloader
{
    /// <summary>
    /// The file's bytes, at most <paramref name="maxBytes"/> of them. A file whose declared <see cref="Attachment.Size"/>
    /// or Content-Length is over the cap is refused before its body is read, and reading stops as soon as the body
    /// passes the cap. Throws <see cref="AttachmentDownloadException"/> (<see cref="AttachmentDownloadException.TooLarge"/>
    /// says which kind) for anything but a complete file within the cap.
    /// </summary>
    Task<byte[]> DownloadAsync(Attachment attachment, long maxBytes, CancellationToken cancellationToken);
}
