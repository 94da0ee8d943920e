using DiffusionBot.Core.Moderation;

namespace DiffusionBot.Core.Ports;

/// <summary>Append-only record of moderator actions.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListRecentAsync(int count, CancellationToken cancellationToken);
}
