using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>Reports no session starts left, resetting after <see cref="ResetAfter"/>.</summary>
internal sealed class StubEndpointSource(IOptions<DiscordOptions> options) : IGatewayEndpointSource
{
    public static readonly TimeSpan ResetAfter = TimeSpan.FromMilliseconds(400);

    public Task<GatewayEndpoint> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new GatewayEndpoint(new Uri(options.Value.GatewayUrl!), new GatewaySessionStartLimit(1000, 0, ResetAfter, 1)));
}
