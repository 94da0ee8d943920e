using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Gateway;

/// <summary>The gateway's log lines. None of them ever carries the token.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connecting to the Discord gateway at {Host} ({Mode})")]
    public static partial void Connecting(this ILogger logger, string host, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway ready: session for {Username} ({UserId}), application {ApplicationId}, {GuildCount} guilds")]
    public static partial void Ready(this ILogger logger, string username, ulong userId, ulong applicationId, int guildCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway session resumed")]
    public static partial void Resumed(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconnecting to the Discord gateway in {DelayMs} ms: {Reason}")]
    public static partial void Reconnecting(this ILogger logger, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord session start limit reached; waiting {WaitMs} ms before IDENTIFY")]
    public static partial void WaitingForSessionStart(this ILogger logger, double waitMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up resuming the Discord session after {Attempts} failed attempts; identifying anew")]
    public static partial void ResumeAbandoned(this ILogger logger, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up the Discord gateway URL")]
    public static partial void GatewayLookupFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway connection failed")]
    public static partial void ConnectionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No HEARTBEAT_ACK since the last heartbeat: connection is a zombie, reconnecting")]
    public static partial void Zombie(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connected to the Discord gateway; waiting up to {TimeoutMs} ms for HELLO")]
    public static partial void WaitingForHello(this ILogger logger, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway sent no valid HELLO within {TimeoutMs} ms; reconnecting")]
    public static partial void HelloTimeout(this ILogger logger, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed gateway message ({Length} bytes): {Problem}")]
    public static partial void MalformedFrame(this ILogger logger, long length, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a binary gateway message ({Length} bytes); this client uses JSON text without compression")]
    public static partial void BinaryFrame(this ILogger logger, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an oversized gateway message ({Length} bytes, limit {Limit})")]
    public static partial void OversizedFrame(this ILogger logger, long length, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored gateway message with unknown opcode {OpCode}")]
    public static partial void UnknownOpCode(this ILogger logger, int opCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored unhandled gateway event {EventType}")]
    public static partial void UnknownEvent(this ILogger logger, string eventType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored duplicate gateway event {EventType} with sequence {Sequence}")]
    public static partial void DuplicateEvent(this ILogger logger, string? eventType, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway event queue is full ({Capacity}); the reader waits for handlers to catch up")]
    public static partial void QueueFull(this ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Server requested an immediate heartbeat")]
    public static partial void HeartbeatRequested(this ILogger logger);
}
