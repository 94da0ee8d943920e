using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// A 5xx answer or no answer at all: sent again after an exponential backoff, a bounded number of times, and only on
/// <see cref="RestRoute.Repeatable"/> routes (where a second copy cannot act twice).
/// </summary>
internal sealed class TransientRetry(RestRetryPolicy policy, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>
    /// What went wrong when a request got no response, or null when <paramref name="e"/> is not such a failure. The
    /// HttpClient's own timeout surfaces as a cancellation the caller did not ask for: a failure, not a cancellation.
    /// </summary>
    public static string? TransportFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException http => http.HttpRequestError.ToString(),
        OperationCanceledException when !cancellationToken.IsCancellationRequested => "timed out",
        _ => null,
    };

    public bool MayRetry(RestRoute route, RestRetryCounts counts) => route.Repeatable && counts.Failed < policy.MaxServerErrorRetries;

    /// <summary>Counts, logs and waits out one retry after a transport failure (the caller checked <see cref="MayRetry"/>).</summary>
    public async Task WaitAfterTransportFailureAsync(RestRoute route, string failure, RateLimitLease lease, RestRetryCounts counts, CancellationToken cancellationToken)
    {
        var delay = Backoff(++counts.Failed);
        RestLog.RetryingTransportError(logger, route.Template, failure, counts.Failed, policy.MaxServerErrorRetries, (long)delay.TotalMilliseconds);
        await WaitAsync(delay, lease, cancellationToken);
    }

    /// <summary>True when <paramref name="response"/> was a 5xx (disposed) that may be retried, after waiting out the backoff.</summary>
    public async Task<bool> ShouldRetryAsync(
        HttpResponseMessage response, RestRoute route, RateLimitLease lease, RestRetryCounts counts, CancellationToken cancellationToken)
    {
        if ((int)response.StatusCode < 500 || !MayRetry(route, counts))
        {
            return false;
        }

        response.Dispose();
        var delay = Backoff(++counts.Failed);
        RestLog.RetryingServerError(logger, route.Template, response.StatusCode, counts.Failed, policy.MaxServerErrorRetries, (long)delay.TotalMilliseconds);
        await WaitAsync(delay, lease, cancellationToken);
        return true;
    }

    private async Task WaitAsync(TimeSpan delay, RateLimitLease lease, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, timeProvider, cancellationToken);
        await lease.WaitUntilSendableAsync(cancellationToken);
    }

    private TimeSpan Backoff(int attempt) => policy.ServerErrorBackoff * (1 << (attempt - 1));
}
