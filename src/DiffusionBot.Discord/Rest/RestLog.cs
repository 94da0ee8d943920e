using System.Net;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Rest;

/// <summary>REST log lines. They carry route templates only: never paths, tokens or headers.</summary>
internal static partial class RestLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Discord {Route} -> {StatusCode} in {ElapsedMs} ms")]
    public static partial void Sent(ILogger logger, string route, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Discord rate limited {Route} (bucket {Bucket}, global {Global}); retrying in {RetryAfterMs} ms")]
    public static partial void RateLimited(ILogger logger, string route, string? bucket, bool global, long retryAfterMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Discord {Route} failed with {StatusCode}; retry {Attempt} of {MaxAttempts} in {DelayMs} ms")]
    public static partial void RetryingServerError(ILogger logger, string route, HttpStatusCode statusCode, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Discord {Route} could not be sent ({ErrorType}); retry {Attempt} of {MaxAttempts} in {DelayMs} ms")]
    public static partial void RetryingTransportError(ILogger logger, string route, string errorType, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Discord {Route} failed: {StatusCode} error {DiscordCode} {DiscordMessage}")]
    public static partial void Failed(ILogger logger, string route, int statusCode, int? discordCode, string? discordMessage);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Discord {Route} answered the repeat with error {DiscordCode}: an earlier attempt was processed")]
    public static partial void RepeatAnswered(ILogger logger, string route, int discordCode);
}
