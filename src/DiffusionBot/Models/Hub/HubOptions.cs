using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Models.Hub;

/// <summary>The <c>Hub</c> section: where <c>models pull</c> downloads from. The access token is never configured here:
/// it comes from the <c>HF_TOKEN</c> environment variable only.</summary>
public sealed class HubOptions
{
    public const string SectionName = "Hub";

    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The Hub address; empty means the <c>HF_ENDPOINT</c> environment variable, else https://huggingface.co .</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Tries per file, and per page of the file list, before giving up on a dropped or failing connection (a
    /// later run resumes anyway).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The endpoint to use: this option, else <paramref name="environmentEndpoint"/> (HF_ENDPOINT), else the public Hub.</summary>
    public Uri ResolveEndpoint(string? environmentEndpoint)
    {
        var text = !string.IsNullOrWhiteSpace(Endpoint) ? Endpoint
            : !string.IsNullOrWhiteSpace(environmentEndpoint) ? environmentEndpoint
            : DefaultEndpoint;
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new HubAccessException($"The Hub endpoint '{text}' (Hub:Endpoint or HF_ENDPOINT) is not an http(s) address.");
        return uri;
    }
}
