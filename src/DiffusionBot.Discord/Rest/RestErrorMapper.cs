using DiffusionBot.Discord.Json;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Rest;

/// <summary>Turns a final answer into the caller's result: the response, null for an answered repeat, or a <see cref="DiscordRestException"/>.</summary>
internal sealed class RestErrorMapper(ILogger logger)
{
    /// <summary>
    /// The successful response (the caller disposes it); null when a repeat was answered with the route's
    /// <see cref="RestRoute.RepeatAnsweredCode"/> (an earlier attempt succeeded); otherwise throws with Discord's error.
    /// </summary>
    public async Task<HttpResponseMessage?> SuccessOrThrowAsync(
        HttpResponseMessage response, RestRoute route, RestRetryCounts counts, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await RestJson.ReadOptionalAsync(response, DiscordJsonContext.Default.DiscordError, cancellationToken);
            if (counts.Failed > 0 && error?.Code is { } code && code == route.RepeatAnsweredCode)
            {
                RestLog.RepeatAnswered(logger, route.Template, code);
                return null;
            }

            RestLog.Failed(logger, route.Template, (int)response.StatusCode, error?.Code, error?.Message);
            throw new DiscordRestException(response.StatusCode, error?.Code, error?.Message, route.Template);
        }
    }
}
