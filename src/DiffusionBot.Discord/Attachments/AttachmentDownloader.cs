using System.Net.Http.Headers;
using DiffusionBot.Discord.Models;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Attachments;

/// <summary>
/// <see cref="IAttachmentDownloader"/> over the named HttpClient <see cref="HttpClientName"/>, which has no bot
/// authorization handler (the CDN needs none, and the token must not leave for another host) and no request logging
/// (attachment URLs carry signatures).
/// </summary>
internal sealed partial class AttachmentDownloader(IHttpClientFactory httpClientFactory, ILogger<AttachmentDownloader> logger) : IAttachmentDownloader
{
    public const string HttpClientName = "DiffusionBot.Discord.Attachments";

    private const int BufferSize = 81_920;

    public async Task<byte[]> DownloadAsync(Attachment attachment, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (attachment.Size is { } declared && declared > maxBytes)
            throw TooLarge(declared, maxBytes);
        var url = Location(attachment);

        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, attachment.Id, (int)response.StatusCode);
                throw new AttachmentDownloadException($"The attachment could not be fetched (HTTP {(int)response.StatusCode}).");
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
                throw TooLarge(length, maxBytes);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await ReadCappedAsync(body, response.Content.Headers, maxBytes, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            LogFailed(logger, attachment.Id, ex.StatusCode is { } status ? (int)status : 0);
            throw new AttachmentDownloadException("The attachment could not be fetched (connection failed).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, attachment.Id, 0);
            throw new AttachmentDownloadException("The attachment could not be fetched in time.", ex);
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> + 1 bytes: one byte past the cap proves the body too large.</summary>
    private static async Task<byte[]> ReadCappedAsync(Stream body, HttpContentHeaders headers, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(headers.ContentLength is { } length ? (int)Math.Min(length, maxBytes) : 0);
        var chunk = new byte[BufferSize];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = await body.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0) return buffer.ToArray();
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            if (buffer.Length > maxBytes) throw TooLarge(null, maxBytes);
        }
    }

    private static Uri Location(Attachment attachment)
    {
        foreach (var candidate in new[] { attachment.Url, attachment.ProxyUrl })
        {
            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                return uri;
        }

        throw new AttachmentDownloadException("The attachment has no download address.");
    }

    private static AttachmentDownloadException TooLarge(long? size, long maxBytes) =>
        new(size is { } s
            ? $"The file is {Describe(s)}; the largest accepted is {Describe(maxBytes)}."
            : $"The file is larger than the {Describe(maxBytes)} accepted.", tooLarge: true, maxBytes);

    /// <summary>A byte count for people: "812 bytes", "3.4 MiB".</summary>
    internal static string Describe(long bytes) => bytes switch
    {
        < 1024 => FormattableString.Invariant($"{bytes} bytes"),
        < 1024 * 1024 => FormattableString.Invariant($"{bytes / 1024.0:0.#} KiB"),
        _ => FormattableString.Invariant($"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Attachment {AttachmentId} could not be fetched (HTTP status {StatusCode}; 0: none)")]
    private static partial void LogFailed(ILogger logger, ulong attachmentId, int statusCode);
}
