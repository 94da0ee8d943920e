using System.Globalization;

namespace DiffusionBot.FakeDiscord.Rest;

/// <summary>A response the fake REST API gives instead of its default one, for the next request to a route.</summary>
public sealed record ScriptedResponse(int StatusCode, string? Json = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    /// <summary>For 429s: the retry_after it announced (the fake then enforces it).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool Global { get; init; }

    public static ScriptedResponse RateLimited(TimeSpan retryAfter, bool global = false, string? bucket = null)
    {
        var seconds = retryAfter.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Retry-After"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
            headers["X-RateLimit-Scope"] = "global";
        }
        else
        {
            headers["X-RateLimit-Limit"] = "1";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset-After"] = seconds;
            headers["X-RateLimit-Scope"] = "user";
            if (bucket is not null)
            {
                headers["X-RateLimit-Bucket"] = bucket;
            }
        }

        var json = $$"""{"message":"You are being rate limited.","retry_after":{{seconds}},"global":{{(global ? "true" : "false")}}}""";
        return new ScriptedResponse(429, json, headers) { RetryAfter = retryAfter, Global = global };
    }

    public static ScriptedResponse Error(int statusCode, int code, string message) =>
        new(statusCode, $$"""{"code":{{code}},"message":"{{message}}"}""");

    public static ScriptedResponse ServerError(int statusCode = 502) => new(statusCode);
}
