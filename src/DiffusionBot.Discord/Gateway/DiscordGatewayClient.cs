using System.Net;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// Keeps one gateway session alive for the host's lifetime: connects, resumes or re-identifies after drops with
/// jittered exponential backoff, and stops the host on close codes that reconnecting cannot fix.
/// </summary>
internal sealed class DiscordGatewayClient(
    IOptions<DiscordOptions> options,
    IGatewayEndpointSource endpointSource,
    DiscordEventQueue queue,
    IGatewayRandom random,
    TimeProvider timeProvider,
    DiscordFatalError fatal,
    GatewayTimeouts timeouts,
    DiscordGatewayState state,
    ILogger<DiscordGatewayClient> logger) : BackgroundService
{
    /// <summary>Large enough for GUILD_CREATE of big guilds; anything larger is dropped and logged.</summary>
    internal const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>Resumes in a row that fail before RESUMED after which the session is dropped (its resume host may be gone).</summary>
    internal const int MaxFailedResumes = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Token))
        {
            fatal.Stop(DiscordFatalError.TokenMissing);
            return;
        }

        var session = new GatewaySession();
        var backoff = new GatewayBackoff(settings.ReconnectBackoffMin, settings.ReconnectBackoffMax, random);
        var context = new GatewayConnectionContext(
            settings.Token, settings.Intents, settings.UserAgent, MaxMessageBytes, timeouts, session, state, random, timeProvider,
            queue.Writer, settings.EventQueueCapacity, logger);

        try
        {
            var failedResumes = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var resuming = session.CanResume;
                var result = await ConnectOnceAsync(context, stoppingToken);
                state.OnDisconnected();
                if (result.SessionEstablished)
                {
                    backoff.Reset();
                }

                switch (result.Next)
                {
                    case GatewayNextStep.Fatal:
                        fatal.Stop(result.CloseCode is { } code ? $"{GatewayCloseCodes.FatalHint(code)} (gateway close code {code})" : result.Reason);
                        return;
                    case GatewayNextStep.Reidentify:
                        session.Reset();
                        break;
                }

                failedResumes = resuming && result.IsFailure && !result.SessionEstablished ? failedResumes + 1 : 0;
                if (failedResumes >= MaxFailedResumes)
                {
                    logger.ResumeAbandoned(failedResumes);
                    session.Reset();
                    failedResumes = 0;
                }

                var delay = result.IsFailure ? Max(result.Delay, backoff.NextDelay()) : result.Delay;
                // The timer starts before the log line, so whoever reads the line knows the wait has begun.
                var waiting = delay > TimeSpan.Zero ? Task.Delay(delay, timeProvider, stoppingToken) : Task.CompletedTask;
                logger.Reconnecting(delay.TotalMilliseconds, result.Reason);
                await waiting;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
        finally
        {
            queue.Writer.TryComplete();
        }
    }

    private async Task<GatewayConnectionResult> ConnectOnceAsync(GatewayConnectionContext context, CancellationToken stoppingToken)
    {
        var session = context.Session;
        var resume = session.CanResume;
        Uri url;
        if (resume)
        {
            url = session.ResumeGatewayUrl!;
        }
        else
        {
            GatewayEndpoint endpoint;
            try
            {
                endpoint = await endpointSource.GetAsync(stoppingToken);
            }
            catch (DiscordRestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
            {
                // Retrying cannot help, and Discord bans clients that keep sending rejected tokens.
                return new GatewayConnectionResult(GatewayNextStep.Fatal, DiscordFatalError.TokenRejected(ex.Route));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.GatewayLookupFailed(ex);
                return new GatewayConnectionResult(GatewayNextStep.Reidentify, "gateway URL lookup failed", IsFailure: true);
            }

            if (endpoint.SessionStartLimit is { Remaining: <= 0 } limit)
            {
                var waiting = Task.Delay(limit.ResetAfter, timeProvider, stoppingToken);
                logger.WaitingForSessionStart(limit.ResetAfter.TotalMilliseconds);
                await waiting;
            }

            url = endpoint.Url;
        }

        logger.Connecting(url.Authority, resume ? "resume" : "identify");
        return await GatewayConnection.RunAsync(GatewayUrl.WithVersionAndEncoding(url), resume, context, stoppingToken);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
