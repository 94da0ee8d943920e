using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DiffusionBot.Models.Hub;

/// <summary>
/// The two Hub calls <c>models pull</c> needs: the recursive file tree (<c>/api/models/{repo}/tree/{revision}/{path}</c>, paged
/// by a <c>Link: &lt;…&gt;; rel="next"</c> header) and file downloads (<c>/{repo}/resolve/{revision}/{path}</c>, which redirects
/// large files to a CDN). Redirects are followed here, not by the handler, so the token is only ever sent to the endpoint's
/// own origin and never to a CDN or any other host.
/// </summary>
public sealed class HubClient(HttpClient http, Uri endpoint, string? token)
{
    private const int MaxRedirects = 10;

    public Uri Endpoint { get; } = endpoint;

    public bool HasToken => !string.IsNullOrEmpty(token);

    /// <summary>Every file under the model's subfolder (paths relative to the repository root). A page whose request
    /// fails or drops is asked for again as <paramref name="retry"/> says; pages already read are kept.</summary>
    public async Task<IReadOnlyList<HubFile>> ListFilesAsync(HubModelReference model, HubRetry retry, CancellationToken cancellationToken)
    {
        var path = $"api/models/{EscapePath(model.RepoId)}/tree/{Uri.EscapeDataString(model.Revision)}";
        if (model.Subfolder.Length > 0)
            path += "/" + EscapePath(model.Subfolder);
        Uri? next = new(Endpoint, path + "?recursive=true");
        var files = new List<HubFile>();
        var pages = 0;
        while (next is not null)
        {
            if (++pages > 10_000)
                throw new HubAccessException($"The Hub kept paging the file list of {model}; giving up.");
            var page = next;
            (var pageFiles, next) = await retry.RunAsync($"The file list of {model}", ct => ReadPageAsync(model, page, ct),
                (attempts, ex) => new HttpRequestException($"Listing the files of {model} failed {attempts} time(s), last: {ex.Message}", ex),
                cancellationToken);
            files.AddRange(pageFiles);
        }
        return files;
    }

    private async Task<(List<HubFile> Files, Uri? Next)> ReadPageAsync(HubModelReference model, Uri page, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(page, offset: 0, cancellationToken);
        await ThrowIfFailedAsync(response, model, "list the files of", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new HubAccessException($"The Hub at {Endpoint} answered the file list of {model} with something other than a list.");
        var files = new List<HubFile>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (ReadFile(entry) is { } file)
                files.Add(file);
        }
        return (files, NextPage(response, page));
    }

    /// <summary>Starts downloading one file, from <paramref name="offset"/> on when above 0 (the caller checks for 206/200).</summary>
    public async Task<HttpResponseMessage> GetFileAsync(HubModelReference model, string repoPath, long offset, CancellationToken cancellationToken)
    {
        var uri = new Uri(Endpoint, $"{EscapePath(model.RepoId)}/resolve/{Uri.EscapeDataString(model.Revision)}/{EscapePath(repoPath)}");
        var response = await SendAsync(uri, offset, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            using (response)
                await ThrowIfFailedAsync(response, model, $"download {repoPath} of", cancellationToken);
        }
        return response;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, long offset, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (offset > 0)
                request.Headers.Range = new RangeHeaderValue(offset, null);
            if (HasToken && IsEndpointOrigin(uri))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                response.Dispose();
                continue;
            }
            return response;
        }
        throw new HubAccessException($"The Hub at {Endpoint} redirected more than {MaxRedirects} times.");
    }

    private bool IsEndpointOrigin(Uri uri) =>
        string.Equals(uri.Scheme, Endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, Endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == Endpoint.Port;

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private async Task ThrowIfFailedAsync(HttpResponseMessage response, HubModelReference model, string action, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when !HasToken:
                throw new HubAccessException($"The Hub refused to {action} {model} ({status}): it is gated or private. Set HF_TOKEN to a Hugging Face access token that can read it (and accept the model's terms on its Hub page), then pull again.");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                throw new HubAccessException($"The Hub refused to {action} {model} ({status}) with the token in HF_TOKEN: check that the token is valid and that its account has accepted the model's terms on its Hub page.");
            case HttpStatusCode.NotFound:
                throw new HubAccessException($"The Hub has no {model} (404): check the repository name, the revision and the subfolder{(HasToken ? "" : "; a private repository also answers 404 without HF_TOKEN")}.");
        }
        var reason = await ReadErrorAsync(response, cancellationToken);
        throw new HttpRequestException($"The Hub answered {status} when asked to {action} {model}{reason}.", null, response.StatusCode);
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? "" : ": " + (text.Length > 200 ? text[..200] : text).ReplaceLineEndings(" ");
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static HubFile? ReadFile(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("type", out var type) || type.GetString() != "file"
            || !entry.TryGetProperty("path", out var path) || path.GetString() is not { Length: > 0 } repoPath)
        {
            return null;
        }
        var size = entry.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : -1;
        string? sha256 = null;
        if (entry.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
        {
            if (lfs.TryGetProperty("oid", out var oid) && oid.GetString() is { Length: 64 } hex)
                sha256 = hex.ToLowerInvariant();
            if (lfs.TryGetProperty("size", out var lfsSize) && lfsSize.TryGetInt64(out var m))
                size = m;
        }
        return new HubFile(repoPath, size, sha256);
    }

    private static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';');
            var target = parts[0].Trim();
            if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
                continue;
            if (parts.Skip(1).Any(p => p.Trim().Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                return new Uri(current, target[1..^1]);
        }
        return null;
    }

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
