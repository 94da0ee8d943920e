using System.Net;

namespace DiffusionBot.Models.Hub;

/// <summary>
/// How <c>models pull</c> retries a Hub request whose connection dropped or failed (a file download, a page of the file
/// list): up to <see cref="HubOptions.MaxAttempts"/> tries, waiting <see cref="HubOptions.RetryDelay"/> before the second,
/// doubled before each further one, on the given clock; each retry is announced through <paramref name="notice"/>.
/// </summary>
public sealed class HubRetry(HubOptions options, TimeProvider time, Action<string> notice)
{
    /// <summary>Runs <paramref name="operation"/> until it succeeds or fails for good; after the last failed try
    /// <paramref name="giveUp"/> makes the exception thrown from the attempt count and the last error.</summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, Func<int, Exception, Exception> giveUp,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.MaxAttempts)
                    throw giveUp(attempt, ex);
                var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
                notice($"{what}: {ex.Message} Retrying in {delay.TotalSeconds:0.#} s (attempt {attempt + 1} of {options.MaxAttempts}).");
                if (delay > TimeSpan.Zero)
                    await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(string what, Func<CancellationToken, Task> operation, Func<int, Exception, Exception> giveUp, CancellationToken cancellationToken) =>
        RunAsync(what, async ct =>
        {
            await operation(ct);
            return true;
        }, giveUp, cancellationToken);

    /// <summary>Worth another try: the connection failed or dropped, or the server answered with a passing error.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: null } => true, // connection refused/reset before an answer
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestedRangeNotSatisfiable,
        IOException => true, // includes HttpIOException: the connection dropped mid-body
        _ => false,
    };
}
