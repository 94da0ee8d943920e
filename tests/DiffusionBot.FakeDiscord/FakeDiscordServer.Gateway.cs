using DiffusionBot.FakeDiscord.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    /// <summary>The scriptable gateway: WebSocket at /gateway (and /gateway-resume, the resume_gateway_url it hands out).</summary>
    public FakeGateway Gateway { get; } = new();

    partial void MapGateway(WebApplication app)
    {
        Gateway.Attach(() => BaseAddress, app.Lifetime.ApplicationStopping);
        app.Map("/gateway", context => Gateway.AcceptAsync(context));
        app.Map("/gateway-resume", context => Gateway.AcceptAsync(context));
        app.MapGet("/api/v10/gateway/bot", (HttpContext context) => Gateway.GetGatewayBot(context));
    }
}
