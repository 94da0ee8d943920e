using DiffusionBot.Core.Jobs;
using DiffusionBot.Discord.Models;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot;

/// <summary>The host's hot-path log lines. None carries a bot or interaction token.</summary>
internal static partial class BotLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Interaction {InteractionId} ({Type}) deferred in {ElapsedMs} ms")]
    public static partial void Deferred(ILogger logger, ulong interactionId, InteractionType type, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interaction {InteractionId} failed")]
    public static partial void InteractionFailed(ILogger logger, Exception exception, ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not show job {JobId} on Discord ({Stage})")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, JobId jobId, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} posted in {ElapsedMs} ms ({Bytes} bytes)")]
    public static partial void Posted(ILogger logger, JobId jobId, double elapsedMs, int bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "The diffusion model could not be used: {Reason}")]
    public static partial void ModelProblem(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} slash commands {Scope}")]
    public static partial void CommandsRegistered(ILogger logger, int count, string scope);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering slash commands failed")]
    public static partial void CommandRegistrationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the health state to {Path}")]
    public static partial void HealthWriteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery stopped early; the generator starts anyway and the next start tries again")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);
}
