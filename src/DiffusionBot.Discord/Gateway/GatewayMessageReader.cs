using System.Buffers;
using System.Net.WebSockets;

namespace DiffusionBot.Discord.Gateway;

internal enum GatewayMessageKind
{
    Text,
    Binary,
    TooLarge,
    Close,
}

/// <summary>One reassembled WebSocket message. <see cref="Payload"/> is valid only until the next receive.</summary>
internal readonly record struct GatewayMessage(GatewayMessageKind Kind, ReadOnlyMemory<byte> Payload, long Length);

/// <summary>Reassembles messages that span several frames into a pooled buffer that grows up to a size limit.</summary>
internal sealed class GatewayMessageReader(int maxMessageBytes) : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);

    public async ValueTask<GatewayMessage> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var count = 0;
        long total = 0;
        var tooLarge = false;
        WebSocketMessageType type;
        while (true)
        {
            if (count == _buffer.Length)
            {
                if (tooLarge || _buffer.Length >= maxMessageBytes)
                {
                    tooLarge = true;
                    count = 0; // keep draining the message, discarding it
                }
                else
                {
                    Grow(count);
                }
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken);
            type = result.MessageType;
            if (type == WebSocketMessageType.Close)
            {
                return new GatewayMessage(GatewayMessageKind.Close, ReadOnlyMemory<byte>.Empty, 0);
            }

            count += result.Count;
            total += result.Count;
            if (total > maxMessageBytes)
            {
                tooLarge = true;
            }

            if (result.EndOfMessage)
            {
                break;
            }
        }

        if (tooLarge)
        {
            return new GatewayMessage(GatewayMessageKind.TooLarge, ReadOnlyMemory<byte>.Empty, total);
        }

        var kind = type == WebSocketMessageType.Binary ? GatewayMessageKind.Binary : GatewayMessageKind.Text;
        return new GatewayMessage(kind, _buffer.AsMemory(0, count), total);
    }

    private void Grow(int used)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxMessageBytes, _buffer.Length * 2));
        _buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
