using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.FakeDiscord;

/// <summary>
/// A fake Discord on Kestrel at 127.0.0.1:0: the gateway WebSocket (FakeDiscordServer.Gateway.cs) and the REST
/// routes (FakeDiscordServer.Rest.cs), and a CDN serving attachments (FakeDiscordServer.Cdn.cs). Scriptable per test; records everything it receives.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _rejectedTokenRequests;

    private FakeDiscordServer(WebApplication app) => _app = app;

    /// <summary>When set, REST requests authorized with any other bot token get Discord's 401 Unauthorized.</summary>
    public string? AcceptedBotToken { get; set; }

    /// <summary>How many requests were refused for a wrong bot token.</summary>
    public int RejectedTokenRequests => Volatile.Read(ref _rejectedTokenRequests);

    /// <summary>Base address, e.g. http://127.0.0.1:54321 .</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the bot should use as Discord:ApiBaseUrl.</summary>
    public string ApiBaseUrl => new Uri(BaseAddress, "api/v10").ToString();

    /// <summary>What the bot should use as Discord:GatewayUrl.</summary>
    public string GatewayUrl => $"ws://{BaseAddress.Authority}/gateway";

    public static async Task<FakeDiscordServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeDiscordServer(app);
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (server.AcceptedBotToken is { } accepted && authorization.StartsWith("Bot ", StringComparison.Ordinal) && authorization[4..] != accepted)
            {
                Interlocked.Increment(ref server._rejectedTokenRequests);
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message": "401: Unauthorized", "code": 0}""", context.RequestAborted);
                return;
            }

            await next(context);
        });
        server.MapGateway(app);
        server.MapRest(app);
        server.MapCdn(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    partial void MapGateway(WebApplication app);

    partial void MapRest(WebApplication app);

    partial void MapCdn(WebApplication app);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
