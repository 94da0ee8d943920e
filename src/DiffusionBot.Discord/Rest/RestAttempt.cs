using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Rest;

/// <summary>One try of a request: fresh content, one HttpClient send, its rate-limit headers recorded on the lease.</summary>
internal sealed class RestAttempt(IHttpClientFactory httpClientFactory, ILogger logger)
{
    public async Task<HttpResponseMessage> SendAsync(RestRoute route, Func<HttpContent>? content, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(DiscordRestClient.HttpClientName);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(route.Method, route.Path) { Content = content?.Invoke() };
        request.Options.Set(RestRequestOptions.Route, route);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        RestLog.Sent(logger, route.Template, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        lease.Update(RateLimitHeaders.Parse(response.Headers));
        return response;
    }
}
