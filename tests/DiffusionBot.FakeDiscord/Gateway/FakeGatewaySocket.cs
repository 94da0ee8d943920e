using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace DiffusionBot.FakeDiscord.Gateway;

/// <summary>One server-side WebSocket: serialized sends and whole-message receives.</summary>
internal sealed class FakeGatewaySocket(WebSocket socket, FakeGatewayConnectionInfo info) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public FakeGatewayConnectionInfo Info { get; } = info;

    public bool AckHeartbeats { get; set; } = true;

    public WebSocket Socket { get; } = socket;

    public Task SendTextAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, int.MaxValue, cancellationToken);

    /// <summary>Sends one message, split into frames of at most <paramref name="fragmentBytes"/> bytes.</summary>
    public async Task SendAsync(byte[] data, WebSocketMessageType type, int fragmentBytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (data.Length == 0)
            {
                await Socket.SendAsync(ReadOnlyMemory<byte>.Empty, type, true, cancellationToken);
                return;
            }

            for (var offset = 0; offset < data.Length; offset += fragmentBytes)
            {
                var count = Math.Min(fragmentBytes, data.Length - offset);
                await Socket.SendAsync(data.AsMemory(offset, count), type, offset + count >= data.Length, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next text message, or null when the client closed or the socket broke.</summary>
    public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Info.ClientCloseCode = (int?)Socket.CloseStatus;
                    return null;
                }

                await message.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        Socket.Dispose();
        _sendLock.Dispose();
    }
}
