using System.Net;
using DiffusionBot.Discord.Json;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Rest;

/// <summary>A 429: closes the bucket (or every bucket, when global) for retry_after and waits it out, a bounded number of times.</summary>
internal sealed class RateLimitRetry(RestRetryPolicy policy, ILogger logger)
{
    /// <summary>True when <paramref name="response"/> was a 429 (disposed) and the request should be sent again now.</summary>
    public async Task<bool> ShouldRetryAsync(
        HttpResponseMessage response, RestRoute route, RateLimitLease lease, RestRetryCounts counts, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return false;
        }

        using (response)
        {
            var headers = RateLimitHeaders.Parse(response.Headers);
            var body = await RestJson.ReadOptionalAsync(response, DiscordJsonContext.Default.RateLimitedResponse, cancellationToken);
            var retryAfter = body?.RetryAfter is > 0 ? TimeSpan.FromSeconds(body.RetryAfter) : headers.RetryAfter ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
            var global = (body?.Global ?? false) || headers.Global;
            RestLog.RateLimited(logger, route.Template, headers.Bucket, global, (long)retryAfter.TotalMilliseconds);
            if (++counts.RateLimited > policy.MaxRateLimitRetries)
            {
                throw new DiscordRestException(HttpStatusCode.TooManyRequests, body?.Code, $"still rate limited after {policy.MaxRateLimitRetries} retries", route.Template);
            }

            lease.RateLimited(retryAfter, global);
            await lease.WaitUntilSendableAsync(cancellationToken);
            return true;
        }
    }
}
