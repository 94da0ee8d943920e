using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.FakeDiscord.Cdn;

/// <summary>
/// Serves attachment bytes like Discord's CDN (GET /attachments/{id}/{filename}, no authorization needed) and counts
/// the requests it saw with a bot token (there must be none).
/// </summary>
public sealed class FakeCdn
{
    private readonly ConcurrentDictionary<ulong, Served> _files = new();
    private Func<Uri> _baseAddress = () => throw new InvalidOperationException("The fake CDN is not mapped yet.");
    private long _nextId = 1_200_000_000_000_000_000;
    private int _requests;
    private int _authorizedRequests;

    /// <summary>Downloads received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Downloads that carried an Authorization header (the bot token must never go to the CDN).</summary>
    public int AuthorizedRequests => Volatile.Read(ref _authorizedRequests);

    /// <summary>
    /// Puts a file on the CDN. <paramref name="declaredSize"/> (default: the real length) is what the attachment object
    /// says; <paramref name="chunked"/> sends the body without a Content-Length, so only reading it reveals its length.
    /// </summary>
    public FakeAttachment Add(byte[] content, string filename, string? contentType, long? declaredSize = null, bool chunked = false, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var id = (ulong)Interlocked.Increment(ref _nextId);
        _files[id] = new Served(content, contentType, chunked);
        var url = new Uri(_baseAddress(), $"attachments/{id.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(filename)}?ex=0&hm=signature");
        return new FakeAttachment(id, filename, contentType, declaredSize ?? content.Length, url, width, height);
    }

    internal void Map(WebApplication app, Func<Uri> baseAddress)
    {
        _baseAddress = baseAddress;
        app.MapGet("/attachments/{id}/{filename}", ServeAsync);
    }

    private async Task ServeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Headers.Authorization.Count > 0) Interlocked.Increment(ref _authorizedRequests);
        if (!ulong.TryParse((string?)context.Request.RouteValues["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !_files.TryGetValue(id, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (file.ContentType is not null) context.Response.ContentType = file.ContentType;
        if (!file.Chunked)
        {
            context.Response.ContentLength = file.Content.Length;
            await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
            return;
        }

        const int Piece = 4096;
        for (var offset = 0; offset < file.Content.Length; offset += Piece)
        {
            await context.Response.Body.WriteAsync(file.Content.AsMemory(offset, Math.Min(Piece, file.Content.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private sealed record Served(byte[] Content, string? ContentType, bool Chunked);
}
