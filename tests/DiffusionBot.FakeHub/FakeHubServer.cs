using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.FakeHub;

/// <summary>
/// A fake Hugging Face Hub on Kestrel at 127.0.0.1:0: <c>/api/models/{repo}/tree/{revision}[/{path}]</c> (paged with a
/// <c>Link: rel="next"</c> header; it can drop a page request halfway, see <see cref="FakeHubRepository.DropTreeRequests"/>) and <c>/{repo}/resolve/{revision}/{path}</c>, which serves small files itself (no drops) and
/// answers 302 for LFS files to a second server (the "CDN", another origin, see <see cref="FakeCdn"/>). Records every request on both.
/// </summary>
public sealed class FakeHubServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeHubRepository> _repositories = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeHubRequest> _requests = new();
    private WebApplication _hub = null!;
    private FakeCdn _cdn = null!;

    private FakeHubServer()
    {
    }

    /// <summary>The Hub endpoint, e.g. http://127.0.0.1:54321/ .</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The CDN origin LFS downloads are redirected to (a different port, so a different origin).</summary>
    public Uri CdnBase { get; private set; } = null!;

    /// <summary>Entries per tree page; the listing is paged when there are more.</summary>
    public int TreePageSize { get; set; } = 3;

    public IReadOnlyList<FakeHubRequest> Requests => _requests.ToArray();

    public FakeHubRepository AddRepository(FakeHubRepository repository)
    {
        _repositories[repository.RepoId] = repository;
        return repository;
    }

    public static async Task<FakeHubServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeHubServer();
        server._hub = CreateApp();
        server._hub.MapGet("/api/models/{owner}/{name}/tree/{revision}", (HttpContext c, string owner, string name, string revision) => server.TreeAsync(c, owner, name, revision, ""));
        server._hub.MapGet("/api/models/{owner}/{name}/tree/{revision}/{**path}", (HttpContext c, string owner, string name, string revision, string path) => server.TreeAsync(c, owner, name, revision, path));
        server._hub.MapGet("/{owner}/{name}/resolve/{revision}/{**path}", (HttpContext c, string owner, string name, string revision, string path) => server.ResolveAsync(c, owner, name, revision, path));
        server._cdn = new FakeCdn(id => server._repositories.TryGetValue(id, out var r) ? r : null, server._requests.Enqueue);
        server._cdn.Start();
        await server._hub.StartAsync(cancellationToken);
        server.Endpoint = AddressOf(server._hub);
        server.CdnBase = server._cdn.BaseAddress;
        return server;
    }

    private static WebApplication CreateApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    private void Record(HttpContext context, bool cdn) =>
        _requests.Enqueue(new FakeHubRequest(cdn, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.Range.FirstOrDefault()));

    private FakeHubRepository? Find(HttpContext context, string owner, string name, string revision, out IResult? failure)
    {
        failure = null;
        if (!_repositories.TryGetValue($"{owner}/{name}", out var repository))
        {
            failure = Results.Json(new { error = "Repository not found" }, statusCode: 404);
            return null;
        }
        if (repository.RequiredToken is { } token && context.Request.Headers.Authorization.FirstOrDefault() != $"Bearer {token}")
        {
            failure = Results.Json(new { error = "Invalid credentials in Authorization header" }, statusCode: 401);
            return null;
        }
        if (revision != repository.Revision)
        {
            failure = Results.Json(new { error = $"Invalid rev id: {revision}" }, statusCode: 404);
            return null;
        }
        return repository;
    }

    private Task<IResult> TreeAsync(HttpContext context, string owner, string name, string revision, string path)
    {
        Record(context, cdn: false);
        var repository = Find(context, owner, name, revision, out var failure);
        if (repository is null)
            return Task.FromResult(failure!);
        var prefix = path.Length == 0 ? "" : path.TrimEnd('/') + "/";
        var files = repository.Files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0 && path.Length > 0)
            return Task.FromResult(Results.Json(new { error = $"Entry not found: {path}" }, statusCode: 404));
        var directories = files.SelectMany(DirectoriesOf).Where(d => d.StartsWith(prefix, StringComparison.Ordinal) && d.Length > prefix.Length - 1 && d + "/" != prefix).Distinct();
        var entries = directories.Select(d => (object)new { type = "directory", oid = "0000", size = 0, path = d })
            .Concat(files.Select(p => Entry(repository, p)))
            .ToList();
        var cursor = int.TryParse(context.Request.Query["cursor"], out var c) ? c : 0;
        var page = entries.Skip(cursor).Take(TreePageSize).ToList();
        if (cursor + TreePageSize < entries.Count)
        {
            var next = new Uri(Endpoint, $"api/models/{owner}/{name}/tree/{revision}{(path.Length > 0 ? "/" + path : "")}?recursive=true&cursor={cursor + TreePageSize}");
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        return Task.FromResult(repository.TakeTreeDrop() ? new DroppedHalfway(JsonSerializer.SerializeToUtf8Bytes(page)) : Results.Json(page));
    }

    /// <summary>Promises the whole body, sends half of it and drops the connection.</summary>
    private sealed class DroppedHalfway(byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
            await httpContext.Response.Body.FlushAsync();
            httpContext.Abort();
        }
    }

    private static object Entry(FakeHubRepository repository, string path)
    {
        var size = repository.Files[path].Length;
        return repository.IsLfs(path)
            ? new { type = "file", oid = "1111111111111111111111111111111111111111", size, path, lfs = new { oid = repository.Sha256(path), size, pointerSize = 134 } }
            : (object)new { type = "file", oid = "2222222222222222222222222222222222222222", size, path };
    }

    private static IEnumerable<string> DirectoriesOf(string path)
    {
        for (var i = path.IndexOf('/', StringComparison.Ordinal); i >= 0; i = path.IndexOf('/', i + 1))
            yield return path[..i];
    }

    private async Task ResolveAsync(HttpContext context, string owner, string name, string revision, string path)
    {
        Record(context, cdn: false);
        var repository = Find(context, owner, name, revision, out var failure);
        if (repository is null)
        {
            await failure!.ExecuteAsync(context);
            return;
        }
        if (!repository.Files.ContainsKey(path))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (repository.IsLfs(path))
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(CdnBase, $"files/{owner}/{name}/{revision}/{path}?signature=fake").ToString();
            return;
        }
        await ServeAsync(context, repository, path);
    }

    private static async Task ServeAsync(HttpContext context, FakeHubRepository repository, string path)
    {
        var content = repository.Files[path];
        var start = 0;
        var range = context.Request.Headers.Range.FirstOrDefault();
        if (!repository.IgnoreRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && int.TryParse(range["bytes=".Length..^1], out var from) && from < content.Length)
        {
            start = from;
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length - start;
        await context.Response.Body.WriteAsync(content.AsMemory(start));
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        await _cdn.DisposeAsync();
    }
}
