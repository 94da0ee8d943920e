namespace DiffusionBot.Core.Moderation;

/// <summary>One moderator action: who, when, what, on whom.</summary>
public sealed record AuditEntry(DateTimeOffset At, ulong ModeratorId, ulong? GuildId, string Action, ulong? TargetUserId, string Details);

/// <summary>Names of audited actions.</summary>
public static class AuditActions
{
    public const string QuotaSet = "quota.set";
    public const string QuotaGrant = "quota.grant";
    public const string QuotaReset = "quota.reset";
    public const string QuotaDefault = "quota.default";
    public const string BannedWordAdd = "banned-word.add";
    public const string BannedWordRemove = "banned-word.remove";
    public const string JobDelete = "job.delete";
    public const string JobCancel = "job.cancel";
    public const string HistoryView = "history.view";
}
