using System.Text.Json;
using DiffusionBot.Discord.Events;

namespace DiffusionBot.Discord.Gateway;

/// <summary>What the connection needs from one received JSON payload, extracted while the document is alive.</summary>
internal readonly record struct InboundFrame(
    int Op,
    long? Sequence,
    string? EventType,
    DiscordEvent? Event,
    string? EventProblem,
    TimeSpan HeartbeatInterval,
    bool Resumable)
{
    /// <summary>Parses a gateway payload; throws <see cref="JsonException"/> when the envelope itself is malformed.</summary>
    public static InboundFrame Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a JSON object, got {root.ValueKind}.");
        }

        if (!root.TryGetProperty("op", out var opElement) || !opElement.TryGetInt32(out var op))
        {
            throw new JsonException("Missing or non-integer \"op\".");
        }

        long? sequence = root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var seq) ? seq : null;
        var eventType = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var hasData = root.TryGetProperty("d", out var d);

        switch ((GatewayOpCode)op)
        {
            case GatewayOpCode.Hello:
                if (!hasData || d.ValueKind != JsonValueKind.Object
                    || !d.TryGetProperty("heartbeat_interval", out var interval)
                    || interval.ValueKind != JsonValueKind.Number
                    || !interval.TryGetDouble(out var intervalMs)
                    || intervalMs <= 0 || intervalMs > TimeSpan.FromHours(1).TotalMilliseconds)
                {
                    throw new JsonException("HELLO without a valid heartbeat_interval.");
                }

                return new InboundFrame(op, sequence, eventType, null, null, TimeSpan.FromMilliseconds(intervalMs), false);

            case GatewayOpCode.InvalidSession:
                return new InboundFrame(op, sequence, eventType, null, null, default, hasData && d.ValueKind == JsonValueKind.True);

            case GatewayOpCode.Dispatch when eventType is not null && hasData:
                try
                {
                    return new InboundFrame(op, sequence, eventType, GatewayDispatchParser.Parse(eventType, d), null, default, false);
                }
                catch (Exception ex)
                {
                    // Whatever the event's shape did to the parser, it is one malformed event: the sequence still counts.
                    return new InboundFrame(op, sequence, eventType, null, $"{eventType}: {ex.GetType().Name}: {ex.Message}", default, false);
                }

            case GatewayOpCode.Dispatch:
                return new InboundFrame(op, sequence, eventType, null, "dispatch without \"t\" or \"d\"", default, false);

            default:
                return new InboundFrame(op, sequence, eventType, null, null, default, false);
        }
    }
}
