namespace DiffusionBot.Discord.Attachments;

/// <summary>An attachment could not be fetched: over the byte cap (<see cref="TooLarge"/>), or the CDN failed. The
/// message names neither the URL (it carries a signature) nor any token.</summary>
public sealed class AttachmentDownloadException : Exception
{
    public AttachmentDownloadException(string message)
        : base(message)
    {
    }

    public AttachmentDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AttachmentDownloadException(string message, bool tooLarge, long maxBytes)
        : base(message)
    {
        TooLarge = tooLarge;
        MaxBytes = maxBytes;
    }

    /// <summary>True when the file is larger than the cap it was fetched with (<see cref="MaxBytes"/>).</summary>
    public bool TooLarge { get; }

    public long MaxBytes { get; }
}
