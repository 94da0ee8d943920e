using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.FakeDiscord.Gateway;

/// <summary>
/// A scriptable Discord gateway (v10, JSON). By default it sends HELLO on connect, ACKs heartbeats, answers IDENTIFY
/// with READY and RESUME with the missed dispatches followed by RESUMED. Dispatch sequence numbers continue across
/// connections of one session, and every dispatch is kept for replay. Everything the client sends is recorded.
/// </summary>
public sealed class FakeGateway
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedGatewayFrame> _received = [];
    private readonly List<FakeGatewayConnectionInfo> _connections = [];
    private readonly List<(long Seq, string Type, string Data)> _history = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<Uri> _baseAddress = () => throw new InvalidOperationException("The fake gateway is not mapped yet.");
    private CancellationToken _stopping;
    private FakeGatewaySocket? _current;
    private long _sequence;
    private int _sessionCount;
    private int _gatewayBotRequests;

    /// <summary>HELLO's heartbeat_interval for new connections.</summary>
    private string? _resumeGatewayUrl;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether new connections ACK heartbeats (see <see cref="StopAcking"/> for the current one).</summary>
    public bool AckHeartbeats { get; set; } = true;

    /// <summary>Whether new connections get HELLO (false: a silent server).</summary>
    public bool SendHello { get; set; } = true;

    /// <summary>Answer IDENTIFY with READY and RESUME with replay + RESUMED automatically.</summary>
    public bool AutoReady { get; set; } = true;

    public ulong ApplicationId { get; set; } = 111111111111111111;

    public ulong BotUserId { get; set; } = 222222222222222222;

    public string BotUsername { get; set; } = "DiffusionBot";

    public IReadOnlyList<ulong> GuildIds { get; set; } = [333333333333333333];

    public FakeSessionStartLimit SessionStartLimit { get; set; } = new(1000, 1000, 0, 1);

    /// <summary>The current session id ("fake-session-N"), or null before the first IDENTIFY.</summary>
    public string? SessionId { get; private set; }

    public int GatewayBotRequests => Volatile.Read(ref _gatewayBotRequests);

    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    public IReadOnlyList<FakeGatewayConnectionInfo> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Every JSON payload received, in order.</summary>
    public IReadOnlyList<ReceivedGatewayFrame> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The last sequence number handed out.</summary>
    public long Sequence
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    /// <summary>The resume_gateway_url that READY announces: this server's /gateway-resume unless a test sets another.</summary>
    public string ResumeGatewayUrl
    {
        get => _resumeGatewayUrl ?? $"ws://{_baseAddress().Authority}/gateway-resume";
        set => _resumeGatewayUrl = value;
    }

    public IReadOnlyList<ReceivedGatewayFrame> ReceivedWithOp(int op) => [.. Received.Where(f => f.Op == op)];

    /// <summary>
    /// Waits until <paramref name="predicate"/> holds, checking it again whenever the fake records something (a
    /// connection, a frame, a close, a dispatch, a /gateway/bot request); throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForAsync(Func<FakeGateway, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                // Taken before the check: a change that lands during the check completes this task, so none is missed.
                Task changed;
                lock (_lock)
                {
                    changed = _changed.Task;
                }

                if (predicate(this))
                {
                    return;
                }

                await changed.WaitAsync(timeoutCts.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The fake gateway's condition did not hold within {timeout.TotalMilliseconds} ms "
                + $"(connections: {ConnectionCount}, frames received: {string.Join(",", Received.Select(f => f.Op))}).");
        }
    }

    /// <summary>Waits for a received frame matching <paramref name="predicate"/> and returns the first one.</summary>
    public async Task<ReceivedGatewayFrame> WaitForFrameAsync(
        Func<ReceivedGatewayFrame, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await WaitForAsync(g => g.Received.Any(predicate), timeout, cancellationToken);
        return Received.First(predicate);
    }

    /// <summary>The current connection stops ACKing heartbeats (the client should call it a zombie).</summary>
    public void StopAcking() => Current.AckHeartbeats = false;

    /// <summary>Sends a dispatch with the next sequence number on the current connection; returns the number.</summary>
    public async Task<long> SendDispatchAsync(string type, JsonNode? data, CancellationToken cancellationToken)
    {
        var (seq, text) = Record(type, data);
        await Current.SendTextAsync(text, cancellationToken);
        return seq;
    }

    /// <summary>Records a dispatch the client misses (as if sent while disconnected); RESUME replays it.</summary>
    public long AddMissedDispatch(string type, JsonNode? data) => Record(type, data).Seq;

    public Task SendOpAsync(int op, JsonNode? data, CancellationToken cancellationToken) =>
        Current.SendTextAsync(new JsonObject { ["op"] = op, ["d"] = data, ["s"] = null, ["t"] = null }.ToJsonString(), cancellationToken);

    public Task SendRawTextAsync(string text, CancellationToken cancellationToken) => Current.SendTextAsync(text, cancellationToken);

    /// <summary>Sends raw bytes as one message, optionally split into several frames.</summary>
    public Task SendRawAsync(byte[] data, WebSocketMessageType type, int fragmentBytes, CancellationToken cancellationToken) =>
        Current.SendAsync(data, type, fragmentBytes, cancellationToken);

    /// <summary>Sends READY for a fresh session (what <see cref="AutoReady"/> does on IDENTIFY).</summary>
    public Task SendReadyAsync(CancellationToken cancellationToken) => SendReadyAsync(Current, cancellationToken);

    /// <summary>Closes the current connection with a close code.</summary>
    public Task CloseAsync(int code, string reason, CancellationToken cancellationToken) => Current.CloseAsync(code, reason, cancellationToken);

    internal void Attach(Func<Uri> baseAddress, CancellationToken stopping)
    {
        _baseAddress = baseAddress;
        _stopping = stopping;
    }

    internal IResult GetGatewayBot(HttpContext context)
    {
        Interlocked.Increment(ref _gatewayBotRequests);
        PulseLocked();
        var limit = SessionStartLimit;
        var body = new JsonObject
        {
            ["url"] = $"ws://{_baseAddress().Authority}/gateway",
            ["shards"] = 1,
            ["session_start_limit"] = new JsonObject
            {
                ["total"] = limit.Total,
                ["remaining"] = limit.Remaining,
                ["reset_after"] = limit.ResetAfterMilliseconds,
                ["max_concurrency"] = limit.MaxConcurrency,
            },
        };
        return Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8);
    }

    internal async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        FakeGatewaySocket socket;
        lock (_lock)
        {
            var info = new FakeGatewayConnectionInfo(_connections.Count, context.Request.Path, context.Request.QueryString.Value ?? "");
            socket = new FakeGatewaySocket(webSocket, info) { AckHeartbeats = AckHeartbeats };
            _connections.Add(info);
            _current = socket;
            Pulse();
        }

        using (socket)
        {
            try
            {
                var hello = new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatInterval.TotalMilliseconds }, ["s"] = null, ["t"] = null };
                if (SendHello)
                {
                    await socket.SendTextAsync(hello.ToJsonString(), aborted.Token);
                }

                while (await socket.ReceiveTextAsync(aborted.Token) is { } text)
                {
                    await OnReceivedAsync(socket, text, aborted.Token);
                }

                PulseLocked(); // the client's close code is known
                await socket.CloseAsync(socket.Info.ClientCloseCode ?? 1000, "bye", aborted.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client went away; the test looks at what was recorded.
            }
            finally
            {
                socket.Info.Ended = true;
                PulseLocked();
            }
        }
    }

    private FakeGatewaySocket Current
    {
        get
        {
            lock (_lock)
            {
                return _current ?? throw new InvalidOperationException("No client has connected to the fake gateway.");
            }
        }
    }

    private async Task OnReceivedAsync(FakeGatewaySocket socket, string text, CancellationToken cancellationToken)
    {
        int op;
        JsonElement d;
        try
        {
            using var document = JsonDocument.Parse(text);
            op = document.RootElement.GetProperty("op").GetInt32();
            d = document.RootElement.TryGetProperty("d", out var data) ? data.Clone() : default;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            op = -1;
            d = default;
        }

        var receivedAt = DateTimeOffset.UtcNow;
        if (op == 1 && socket.AckHeartbeats)
        {
            // ACKed before it is recorded: a test that sees the heartbeat knows that whatever it sends next reaches the
            // client after the ACK. (IDENTIFY and RESUME are recorded before their answers: a test that saw READY or
            // RESUMED finds them recorded.)
            await socket.SendTextAsync("""{"op":11,"d":null,"s":null,"t":null}""", cancellationToken);
        }

        lock (_lock)
        {
            _received.Add(new ReceivedGatewayFrame(socket.Info.Index, op, d, text, receivedAt));
            Pulse();
        }

        switch (op)
        {
            case 2 when AutoReady:
                await SendReadyAsync(socket, cancellationToken);
                break;
            case 6 when AutoReady:
                await ReplayAsync(socket, d, cancellationToken);
                break;
        }
    }

    private async Task SendReadyAsync(FakeGatewaySocket socket, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _sessionCount++;
            SessionId = $"fake-session-{_sessionCount}";
            _sequence = 0;
            _history.Clear();
            Pulse();
        }

        var guilds = new JsonArray();
        foreach (var id in GuildIds)
        {
            guilds.Add(new JsonObject { ["id"] = Id(id), ["unavailable"] = true });
        }

        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = Id(BotUserId), ["username"] = BotUsername, ["discriminator"] = "0", ["global_name"] = null, ["bot"] = true },
            ["guilds"] = guilds,
            ["session_id"] = SessionId,
            ["resume_gateway_url"] = ResumeGatewayUrl,
            ["shard"] = new JsonArray(0, 1),
            ["application"] = new JsonObject { ["id"] = Id(ApplicationId), ["flags"] = 0 },
        };
        var (_, text) = Record("READY", ready);
        await socket.SendTextAsync(text, cancellationToken);
    }

    private async Task ReplayAsync(FakeGatewaySocket socket, JsonElement resume, CancellationToken cancellationToken)
    {
        var sessionId = resume.ValueKind == JsonValueKind.Object && resume.TryGetProperty("session_id", out var s) ? s.GetString() : null;
        var seq = resume.ValueKind == JsonValueKind.Object && resume.TryGetProperty("seq", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetInt64() : -1;
        if (sessionId is null || sessionId != SessionId)
        {
            await socket.SendTextAsync("""{"op":9,"d":false,"s":null,"t":null}""", cancellationToken);
            return;
        }

        List<string> missed;
        lock (_lock)
        {
            missed = [.. _history.Where(h => h.Seq > seq).Select(h => Frame(h.Seq, h.Type, h.Data))];
        }

        foreach (var frame in missed)
        {
            await socket.SendTextAsync(frame, cancellationToken);
        }

        var (_, resumed) = Record("RESUMED", new JsonObject());
        await socket.SendTextAsync(resumed, cancellationToken);
    }

    private (long Seq, string Text) Record(string type, JsonNode? data)
    {
        var json = data?.ToJsonString() ?? "null";
        lock (_lock)
        {
            var seq = ++_sequence;
            _history.Add((seq, type, json));
            Pulse();
            return (seq, Frame(seq, type, json));
        }
    }

    /// <summary>Wakes every <see cref="WaitForAsync"/> to check its predicate again. Called under the lock.</summary>
    private void Pulse()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private void PulseLocked()
    {
        lock (_lock)
        {
            Pulse();
        }
    }

    private static string Frame(long seq, string type, string dataJson) =>
        $$"""{"op":0,"s":{{seq}},"t":"{{type}}","d":{{dataJson}}}""";

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
