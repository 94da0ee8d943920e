using System.Globalization;
using System.Net.Http.Headers;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// Discord's rate-limit response headers (https://discord.com/developers/docs/topics/rate-limits#header-format).
/// </summary>
internal sealed record RateLimitHeaders
{
    public int? Limit { get; init; }

    public int? Remaining { get; init; }

    public TimeSpan? ResetAfter { get; init; }

    public string? Bucket { get; init; }

    public bool Global { get; init; }

    /// <summary>"user", "global" or "shared".</summary>
    public string? Scope { get; init; }

    /// <summary>The standard Retry-After header (seconds) of a 429.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static RateLimitHeaders Parse(HttpResponseHeaders headers) => new()
    {
        Limit = ParseInt(Get(headers, "X-RateLimit-Limit")),
        Remaining = ParseInt(Get(headers, "X-RateLimit-Remaining")),
        ResetAfter = ParseSeconds(Get(headers, "X-RateLimit-Reset-After")),
        Bucket = Get(headers, "X-RateLimit-Bucket"),
        Global = string.Equals(Get(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
        Scope = Get(headers, "X-RateLimit-Scope"),
        RetryAfter = headers.RetryAfter?.Delta ?? ParseSeconds(Get(headers, "Retry-After")),
    };

    private static string? Get(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static TimeSpan? ParseSeconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
