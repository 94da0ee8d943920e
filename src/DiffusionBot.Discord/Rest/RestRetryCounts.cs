namespace DiffusionBot.Discord.Rest;

/// <summary>How often one request has been retried so far, by reason.</summary>
internal sealed class RestRetryCounts
{
    public int RateLimited { get; set; }

    /// <summary>Retries after a 5xx or a transport error.</summary>
    public int Failed { get; set; }
}
