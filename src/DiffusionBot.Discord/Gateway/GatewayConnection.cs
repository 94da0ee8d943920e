using System.Net.WebSockets;
using System.Text.Json;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway.Payloads;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// One WebSocket connection to the gateway: HELLO, heartbeats, IDENTIFY or RESUME, then reading until it ends.
/// Returns what the caller should do next; only host shutdown escapes as an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class GatewayConnection : IDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    private readonly GatewayConnectionContext _context;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewayMessageReader _reader;
    private readonly bool _resume;
    private GatewayConnectionResult? _abortResult;
    private int _awaitingAck;
    private bool _sessionEstablished;
    private ITimer? _helloTimer;

    private GatewayConnection(GatewayConnectionContext context, bool resume)
    {
        _context = context;
        _resume = resume;
        _reader = new GatewayMessageReader(context.MaxMessageBytes);
        _socket.Options.SetRequestHeader("User-Agent", context.UserAgent);
    }

    private ILogger Logger => _context.Logger;

    private GatewaySession Session => _context.Session;

    public static async Task<GatewayConnectionResult> RunAsync(
        Uri url, bool resume, GatewayConnectionContext context, CancellationToken stoppingToken)
    {
        using var connection = new GatewayConnection(context, resume);
        return await connection.RunCoreAsync(url, stoppingToken);
    }

    private async Task<GatewayConnectionResult> RunCoreAsync(Uri url, CancellationToken stoppingToken)
    {
        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // Reading is not cancelled by shutdown directly (that would abort the socket): shutdown sends a close frame
        // and reading ends with the server's answer, or after CloseTimeout without one.
        using var readCts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _context.Time);
        var heartbeats = Task.CompletedTask;
        var shutdownClose = Task.CompletedTask;
        var onStop = stoppingToken.Register(() => shutdownClose = CloseOnShutdownAsync(readCts));
        try
        {
            using (var connectTimeout = new CancellationTokenSource(_context.Timeouts.Connect, _context.Time))
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, connectTimeout.Token))
            {
                await _socket.ConnectAsync(url, connecting.Token);
            }

            // No HELLO means no heartbeats and so no zombie detection: give up on a silent server.
            await using var helloTimer = _context.Time.CreateTimer(
                static state => ((GatewayConnection)state!).OnHelloTimeout(), this, _context.Timeouts.Hello, Timeout.InfiniteTimeSpan);
            _helloTimer = helloTimer;
            Logger.WaitingForHello(_context.Timeouts.Hello.TotalMilliseconds);
            return await ReadLoopAsync(connectionCts, t => heartbeats = t, readCts.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // A socket that breaks while shutting down is no reason to report a failure.
            stoppingToken.ThrowIfCancellationRequested();
            if (_abortResult is { } aborted)
            {
                return aborted;
            }

            Logger.ConnectionFailed(ex);
            return new GatewayConnectionResult(GatewayNextStep.Reconnect, "connection lost", IsFailure: true, SessionEstablished: _sessionEstablished);
        }
        finally
        {
            await onStop.DisposeAsync();
            await connectionCts.CancelAsync();
            await heartbeats;
            await shutdownClose;
            await CloseQuietlyAsync(stoppingToken.IsCancellationRequested ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)GatewayCloseCodes.ClientReconnecting);
        }
    }

    private async Task<GatewayConnectionResult> ReadLoopAsync(
        CancellationTokenSource connectionCts, Action<Task> startedHeartbeats, CancellationToken readToken, CancellationToken stoppingToken)
    {
        var heartbeatsStarted = false;
        while (true)
        {
            var message = await _reader.ReceiveAsync(_socket, readToken);
            stoppingToken.ThrowIfCancellationRequested();
            switch (message.Kind)
            {
                case GatewayMessageKind.Close:
                    return _abortResult ?? ResultForClose((int?)_socket.CloseStatus, _socket.CloseStatusDescription);
                case GatewayMessageKind.Binary:
                    Logger.BinaryFrame(message.Length);
                    continue;
                case GatewayMessageKind.TooLarge:
                    Logger.OversizedFrame(message.Length, _context.MaxMessageBytes);
                    continue;
            }

            InboundFrame frame;
            try
            {
                frame = InboundFrame.Parse(message.Payload);
            }
            catch (Exception ex)
            {
                // Parsing is pure: any exception means a malformed frame, never a reason to drop the connection.
                Logger.MalformedFrame(message.Length, ex.Message);
                continue;
            }

            switch ((GatewayOpCode)frame.Op)
            {
                case GatewayOpCode.Hello:
                    if (heartbeatsStarted)
                    {
                        Logger.MalformedFrame(message.Length, "a second HELLO on one connection");
                        continue;
                    }

                    heartbeatsStarted = true;
                    _helloTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    startedHeartbeats(HeartbeatLoopAsync(frame.HeartbeatInterval, connectionCts.Token));
                    await (_resume ? SendResumeAsync(stoppingToken) : SendIdentifyAsync(stoppingToken));
                    break;
                case GatewayOpCode.HeartbeatAck:
                    Volatile.Write(ref _awaitingAck, 0);
                    break;
                case GatewayOpCode.Heartbeat:
                    Logger.HeartbeatRequested();
                    await SendHeartbeatAsync(stoppingToken);
                    break;
                case GatewayOpCode.Dispatch:
                    await OnDispatchAsync(frame, message.Length, stoppingToken);
                    break;
                case GatewayOpCode.Reconnect:
                    return new GatewayConnectionResult(GatewayNextStep.Reconnect, "server asked to reconnect (op 7)", SessionEstablished: _sessionEstablished);
                case GatewayOpCode.InvalidSession:
                    var wait = TimeSpan.FromSeconds(1 + (4 * _context.Random.NextDouble()));
                    return frame.Resumable
                        ? new GatewayConnectionResult(GatewayNextStep.Reconnect, "session invalidated, resumable (op 9)", Delay: wait)
                        : new GatewayConnectionResult(GatewayNextStep.Reidentify, "session invalidated (op 9)", Delay: wait);
                default:
                    Logger.UnknownOpCode(frame.Op);
                    break;
            }
        }
    }

    private async Task OnDispatchAsync(InboundFrame frame, long length, CancellationToken cancellationToken)
    {
        if (frame.Sequence is { } sequence)
        {
            if (frame.EventType != "READY" && Session.Sequence is { } last && sequence <= last)
            {
                Logger.DuplicateEvent(frame.EventType, sequence);
                return;
            }

            Session.UpdateSequence(sequence);
        }

        if (frame.EventProblem is not null)
        {
            Logger.MalformedFrame(length, frame.EventProblem);
            return;
        }

        switch (frame.Event)
        {
            case null:
                Logger.UnknownEvent(frame.EventType ?? "(none)");
                return;
            case ReadyEvent ready:
                Session.Start(ready.SessionId, Uri.TryCreate(ready.ResumeGatewayUrl, UriKind.Absolute, out var resumeUrl) ? resumeUrl : null);
                _sessionEstablished = true;
                _context.State.OnReady(ready);
                Logger.Ready(ready.User.Username, ready.User.Id, ready.ApplicationId, ready.GuildIds.Count);
                break;
            case ResumedEvent:
                _sessionEstablished = true;
                _context.State.OnResumed();
                Logger.Resumed();
                break;
        }

        if (!_context.Events.TryWrite(frame.Event))
        {
            Logger.QueueFull(_context.EventQueueCapacity);
            await _context.Events.WriteAsync(frame.Event, cancellationToken);
        }
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval * _context.Random.NextDouble(), _context.Time, cancellationToken);
            // One timer for the whole loop, started before the first beat: the beats keep their rhythm however long a
            // send takes, and the next tick is already scheduled when a beat leaves.
            using var ticks = new PeriodicTimer(interval, _context.Time);
            while (true)
            {
                if (Interlocked.Exchange(ref _awaitingAck, 1) == 1)
                {
                    Logger.Zombie();
                    await AbortAsync(new GatewayConnectionResult(GatewayNextStep.Reconnect, "zombie connection (no HEARTBEAT_ACK)", SessionEstablished: _sessionEstablished));
                    return;
                }

                await SendHeartbeatAsync(cancellationToken);
                if (!await ticks.WaitForNextTickAsync(cancellationToken))
                    return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // The connection is ending; the read loop reports why.
        }
    }

    /// <summary>Host shutdown: a normal close frame (the session ends), then reading waits at most CloseTimeout for the answer.</summary>
    private async Task CloseOnShutdownAsync(CancellationTokenSource readCts)
    {
        try
        {
            await CloseQuietlyAsync(WebSocketCloseStatus.NormalClosure);
            readCts.CancelAfter(CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    private void OnHelloTimeout()
    {
        Logger.HelloTimeout(_context.Timeouts.Hello.TotalMilliseconds);
        _ = AbortAsync(new GatewayConnectionResult(GatewayNextStep.Reconnect, "no HELLO from the gateway", IsFailure: true));
    }

    /// <summary>Ends the connection from outside the read loop, keeping the session resumable.</summary>
    private async Task AbortAsync(GatewayConnectionResult result)
    {
        Interlocked.CompareExchange(ref _abortResult, result, null);
        await CloseQuietlyAsync((WebSocketCloseStatus)GatewayCloseCodes.ClientReconnecting);
        _socket.Abort();
    }

    private async Task CloseQuietlyAsync(WebSocketCloseStatus status)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseTimeout, _context.Time);
        try
        {
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await _socket.CloseOutputAsync(status, status == WebSocketCloseStatus.NormalClosure ? "shutting down" : "reconnecting", timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // Best effort: the socket is dropped either way.
        }
    }

    private GatewayConnectionResult ResultForClose(int? code, string? description)
    {
        var reason = $"closed by Discord with {code?.ToString() ?? "no code"} {description}".TrimEnd();
        return GatewayCloseCodes.Classify(code) switch
        {
            CloseCodeAction.Fatal => new GatewayConnectionResult(GatewayNextStep.Fatal, reason, code),
            CloseCodeAction.Reidentify => new GatewayConnectionResult(GatewayNextStep.Reidentify, reason, code, IsFailure: true, SessionEstablished: _sessionEstablished),
            _ => new GatewayConnectionResult(GatewayNextStep.Reconnect, reason, code, IsFailure: true, SessionEstablished: _sessionEstablished),
        };
    }

    private Task SendHeartbeatAsync(CancellationToken cancellationToken) =>
        SendAsync(JsonSerializer.SerializeToUtf8Bytes(
            new HeartbeatPayload((int)GatewayOpCode.Heartbeat, Session.Sequence), GatewayJsonContext.Default.HeartbeatPayload), cancellationToken);

    private Task SendIdentifyAsync(CancellationToken cancellationToken)
    {
        var properties = new IdentifyProperties(OperatingSystemName(), "DiffusionBot", "DiffusionBot");
        var payload = new IdentifyPayload((int)GatewayOpCode.Identify, new IdentifyData(_context.Token, _context.Intents, properties));
        return SendAsync(JsonSerializer.SerializeToUtf8Bytes(payload, GatewayJsonContext.Default.IdentifyPayload), cancellationToken);
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "unknown";

    private Task SendResumeAsync(CancellationToken cancellationToken)
    {
        var payload = new ResumePayload(
            (int)GatewayOpCode.Resume,
            new ResumeData(_context.Token, Session.SessionId!, Session.Sequence ?? 0));
        return SendAsync(JsonSerializer.SerializeToUtf8Bytes(payload, GatewayJsonContext.Default.ResumePayload), cancellationToken);
    }

    private async Task SendAsync(byte[] utf8Json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        _reader.Dispose();
    }
}
