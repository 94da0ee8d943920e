using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DiffusionBot.FakeHub;

/// <summary>
/// The "CDN" LFS downloads are redirected to: a bare HTTP/1.1 server on a TcpListener (one request per connection), so a
/// dropped connection is exact: it sends half the body after headers that promise all of it, then closes cleanly.
/// (Kestrel's abort can discard bytes it has not yet handed to the socket, which would make the resume offset vary.)
/// </summary>
internal sealed class FakeCdn : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, FakeHubRepository?> _findRepository;
    private readonly Action<FakeHubRequest> _record;
    private Task _accepting = Task.CompletedTask;

    public FakeCdn(Func<string, FakeHubRepository?> findRepository, Action<FakeHubRequest> record)
    {
        _findRepository = findRepository;
        _record = record;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync(_stop.Token);
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (target, headers) = await ReadRequestAsync(stream, cancellationToken);
                headers.TryGetValue("Authorization", out var authorization);
                headers.TryGetValue("Range", out var range);
                _record(new FakeHubRequest(true, target, authorization, range));
                await RespondAsync(client, stream, target, range, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // the client went away; nothing to answer
            }
        }
    }

    private async Task RespondAsync(TcpClient client, NetworkStream stream, string target, string? range, CancellationToken cancellationToken)
    {
        // /files/{owner}/{name}/{revision}/{path}?signature=…
        var path = target.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var repository = path.Length >= 5 && path[0] == "files" ? _findRepository($"{path[1]}/{path[2]}") : null;
        var file = path.Length >= 5 ? string.Join('/', path[4..]) : "";
        if (repository is null || !repository.Files.TryGetValue(file, out var content))
        {
            await WriteHeadAsync(stream, "404 Not Found", 0, null, cancellationToken);
            return;
        }
        var start = 0;
        string? contentRange = null;
        var status = "200 OK";
        if (!repository.IgnoreRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && int.TryParse(range["bytes=".Length..^1], out var from))
        {
            if (from >= content.Length)
            {
                await WriteHeadAsync(stream, "416 Range Not Satisfiable", 0, $"bytes */{content.Length}", cancellationToken);
                return;
            }
            start = from;
            status = "206 Partial Content";
            contentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        await WriteHeadAsync(stream, status, content.Length - start, contentRange, cancellationToken);
        if (repository.TakeDrop(file))
        {
            await stream.WriteAsync(content.AsMemory(start, (content.Length - start) / 2), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            client.Client.Shutdown(SocketShutdown.Send); // a clean close in the middle of the body
            var drain = new byte[1024];
            while (await stream.ReadAsync(drain, cancellationToken) > 0)
            {
            }
            return;
        }
        await stream.WriteAsync(content.AsMemory(start), cancellationToken);
    }

    private static async Task WriteHeadAsync(NetworkStream stream, string status, int length, string? contentRange, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append("\r\n")
            .Append("Content-Type: application/octet-stream\r\n")
            .Append("Content-Length: ").Append(length).Append("\r\n");
        if (contentRange is not null)
            head.Append("Content-Range: ").Append(contentRange).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
    }

    private static async Task<(string Target, Dictionary<string, string> Headers)> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 65536)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                throw new IOException("The client closed before sending a request.");
            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
                break;
        }
        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var target = lines[0].Split(' ')[1];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (target, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
