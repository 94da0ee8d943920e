using System.Text.Json;

namespace DiffusionBot.Discord.Models;

/// <summary>Discord's JSON error body (https://discord.com/developers/docs/reference#error-messages).</summary>
public sealed record DiscordError
{
    /// <summary>Discord's JSON error code, e.g. 10062 Unknown interaction, 50035 Invalid Form Body.</summary>
    public int Code { get; init; }

    public string? Message { get; init; }

    /// <summary>Per-field details for 50035.</summary>
    public JsonElement? Errors { get; init; }
}

/// <summary>The body of a 429 response (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit).</summary>
public sealed record RateLimitedResponse
{
    public string? Message { get; init; }

    /// <summary>Seconds to wait before retrying.</summary>
    public double RetryAfter { get; init; }

    /// <summary>True when the global rate limit was hit.</summary>
    public bool Global { get; init; }

    public int? Code { get; init; }
}
