using DiffusionBot.Discord.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Gateway;

/// <summary>Uses Discord:GatewayUrl when set (no session-start limit known), otherwise asks GET /gateway/bot.</summary>
internal sealed class ConfiguredGatewayEndpointSource(
    IOptions<DiscordOptions> options,
    Func<CancellationToken, Task<GatewayEndpoint>> lookUp) : IGatewayEndpointSource
{
    public Task<GatewayEndpoint> GetAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.GatewayUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? lookUp(cancellationToken)
            : Task.FromResult(new GatewayEndpoint(new Uri(configured), null));
    }
}
