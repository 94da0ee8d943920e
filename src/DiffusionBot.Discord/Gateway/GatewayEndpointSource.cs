using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Gateway;

/// <summary>Uses Discord:GatewayUrl when set (no session-start limit known); otherwise asks GET /gateway/bot.</summary>
internal sealed class GatewayEndpointSource(IOptions<DiscordOptions> options, IDiscordRestClient rest) : IGatewayEndpointSource
{
    public async Task<GatewayEndpoint> GetAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.GatewayUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new GatewayEndpoint(new Uri(configured), null);
        }

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
