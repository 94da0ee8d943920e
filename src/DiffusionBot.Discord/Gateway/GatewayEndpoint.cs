namespace DiffusionBot.Discord.Gateway;

/// <summary>Where to IDENTIFY and, when known, how many session starts remain.</summary>
internal sealed record GatewayEndpoint(Uri Url, GatewaySessionStartLimit? SessionStartLimit);

/// <summary>Discord's session_start_limit from GET /gateway/bot.</summary>
internal sealed record GatewaySessionStartLimit(int Total, int Remaining, TimeSpan ResetAfter, int MaxConcurrency);

/// <summary>Finds the gateway URL to IDENTIFY on.</summary>
internal interface IGatewayEndpointSource
{
    Task<GatewayEndpoint> GetAsync(CancellationToken cancellationToken);
}
