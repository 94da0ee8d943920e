using System.Net;
using System.Net.Http.Headers;
using DiffusionBot.Discord.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// Signs every request that is not authorized by an interaction token with the bot token, and treats Discord's 401 to
/// such a request as fatal: the token is wrong, and retrying it only gets the bot banned.
/// </summary>
internal sealed class BotAuthorizationHandler(IOptions<DiscordOptions> options, DiscordFatalError fatal) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(RestRequestOptions.Route, out var route))
        {
            throw new InvalidOperationException("Requests on the Discord REST client carry their route.");
        }

        if (route.UsesInteractionToken)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var token = options.Value.Token;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new DiscordRestException($"Discord:Token is not configured; cannot call {route.Template}.");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            fatal.Stop(DiscordFatalError.TokenRejected(route.Template));
        }

        return response;
    }
}
