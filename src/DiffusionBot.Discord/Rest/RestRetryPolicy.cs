namespace DiffusionBot.Discord.Rest;

/// <summary>How often and how patiently the REST client retries (tests register a faster one).</summary>
internal sealed record RestRetryPolicy
{
    /// <summary>Retries of a 5xx response or a transport error, for routes where a repeat cannot act twice (<see cref="RestRoute.Repeatable"/>).</summary>
    public int MaxServerErrorRetries { get; init; } = 3;

    /// <summary>First backoff after a 5xx; doubled per further attempt.</summary>
    public TimeSpan ServerErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Consecutive 429s one request tolerates before failing.</summary>
    public int MaxRateLimitRetries { get; init; } = 25;
}
