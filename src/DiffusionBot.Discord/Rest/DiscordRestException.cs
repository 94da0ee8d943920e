using System.Net;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// A Discord REST call failed. Carries the HTTP status, Discord's JSON error code and message, and the route
/// template (e.g. "PATCH /webhooks/{application_id}/{token}/messages/@original"), never tokens.
/// </summary>
public sealed class DiscordRestException : Exception
{
    public DiscordRestException(string message)
        : base(message)
    {
        Route = "";
    }

    public DiscordRestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Route = "";
    }

    public DiscordRestException(HttpStatusCode statusCode, int? discordCode, string? discordMessage, string route)
        : base(FormatMessage(statusCode, discordCode, discordMessage, route))
    {
        StatusCode = statusCode;
        DiscordCode = discordCode;
        DiscordMessage = discordMessage;
        Route = route;
    }

    public DiscordRestException()
        : this("Discord REST call failed.")
    {
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>Discord's JSON error code (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json), e.g. 10062.</summary>
    public int? DiscordCode { get; }

    public string? DiscordMessage { get; }

    /// <summary>The scrubbed route template.</summary>
    public string Route { get; }

    private static string FormatMessage(HttpStatusCode statusCode, int? discordCode, string? discordMessage, string route) =>
        discordCode is null
            ? $"Discord returned {(int)statusCode} {statusCode} for {route}."
            : $"Discord returned {(int)statusCode} {statusCode} for {route}: error {discordCode} {discordMessage}";
}
