using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>Writes moderator actions to the audit log (and the log).</summary>
public sealed class ModerationAudit(IAuditLog log, TimeProvider time, ILogger<ModerationAudit> logger)
{
    public Task RecordAsync(Member moderator, string action, ulong? targetUserId, string details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moderator);
        CoreLog.ModeratorAction(logger, moderator.UserId, action, targetUserId, details);
        return log.AppendAsync(new AuditEntry(time.GetUtcNow(), moderator.UserId, moderator.GuildId, action, targetUserId, details), cancellationToken);
    }
}
