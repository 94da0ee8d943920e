using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Gateway;

/// <summary>Uses Discord:GatewayUrl when set (no session-start limit known); otherwise asks GET /gateway/bot.</summary>
internal sealed class GatewayEndpointSource(IOptions<DiscordOptions> options, IServiceProvider services) : IGatewayEndpointSource
{
    public async Task<GatewayEndpoint> GetAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.GatewayUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new GatewayEndpoint(new Uri(configured), null);
        }

        // Resolved only here, so a configured GatewayUrl needs no REST client at all.
        var rest = services.GetRequiredService<IDiscordRestClient>();
        var bot = await rest.GetGatewayBotAsync(cancellationToken);
        if (!Uri.TryCreate(bot.Url, UriKind.Absolute, out var url))
        {
            throw new InvalidOperationException($"GET /gateway/bot returned an invalid URL '{bot.Url}'.");
        }

        var limit = bot.SessionStartLimit;
        return new GatewayEndpoint(
            url,
            new GatewaySessionStartLimit(limit.Total, limit.Remaining, TimeSpan.FromMilliseconds(limit.ResetAfter), limit.MaxConcurrency));
    }
}
