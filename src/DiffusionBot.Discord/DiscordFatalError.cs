using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord;

/// <summary>
/// Why the Discord client stopped the host for good (a rejected token, a gateway close code that reconnecting cannot
/// fix), or null while it has not. The host turns a reason into its configuration exit code.
/// </summary>
public interface IDiscordFatalError
{
    string? Reason { get; }
}

/// <summary>Records the first fatal reason, logs it once and stops the host (when there is one: the REST client also runs without).</summary>
internal sealed partial class DiscordFatalError(ILogger<DiscordFatalError> logger, IHostApplicationLifetime? lifetime = null) : IDiscordFatalError
{
    public const string TokenMissing = "No Discord token configured: set Discord__Token";

    private string? _reason;

    /// <summary>The reason for a 401 answer to a request made with the bot token.</summary>
    public static string TokenRejected(string route) =>
        $"Discord rejected the token (401 Unauthorized for {route}); set Discord__Token to a valid bot token";

    public string? Reason => Volatile.Read(ref _reason);

    public void Stop(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is null)
        {
            LogFatal(reason);
        }

        lifetime?.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}; stopping the host")]
    private partial void LogFatal(string reason);
}
