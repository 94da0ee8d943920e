using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>/quota set|grant|reset|default and the banned-word list. Each checks moderator rights and writes the audit log.</summary>
public sealed class ModeratorCommands(ModeratorPolicy policy, QuotaService quotas, IBannedWordStore bannedWordStore, BannedWords bannedWords, ModerationAudit audit)
{
    public const int MaxBannedWordLength = 100;

    public Task<CommandResult> SetQuotaAsync(Member moderator, ulong userId, int allowance, CancellationToken ct) =>
        allowance < 0
            ? Task.FromResult(CommandResult.Fail("The allowance cannot be negative."))
            : QuotaChangeAsync(moderator, userId, AuditActions.QuotaSet, $"allowance {allowance}", () => quotas.SetAllowanceAsync(userId, allowance, ct), ct);

    public Task<CommandResult> GrantQuotaAsync(Member moderator, ulong userId, int extra, CancellationToken ct) =>
        extra <= 0
            ? Task.FromResult(CommandResult.Fail("Grant a positive amount."))
            : QuotaChangeAsync(moderator, userId, AuditActions.QuotaGrant, $"extra {extra}", () => quotas.GrantAsync(userId, extra, ct), ct);

    public Task<CommandResult> ResetQuotaAsync(Member moderator, ulong userId, CancellationToken ct) =>
        QuotaChangeAsync(moderator, userId, AuditActions.QuotaReset, "usage reset", () => quotas.ResetUsageAsync(userId, ct), ct);

    /// <summary>Sets the default allowance for everyone without an override; null goes back to the configured one.</summary>
    public async Task<CommandResult> SetDefaultQuotaAsync(Member moderator, int? allowance, CancellationToken ct)
    {
        if (!policy.IsModerator(moderator)) return CommandResult.Fail(ModeratorPolicy.NotModeratorMessage);
        if (allowance < 0) return CommandResult.Fail("The allowance cannot be negative.");
        await quotas.SetDefaultAllowanceAsync(allowance, ct);
        var effective = await quotas.GetDefaultAllowanceAsync(ct);
        await audit.RecordAsync(moderator, AuditActions.QuotaDefault, null, allowance is null ? "back to configured" : $"default {allowance}", ct);
        return CommandResult.Ok($"The default quota is now {effective} per window.");
    }

    public async Task<CommandResult> AddBannedWordAsync(Member moderator, string word, CancellationToken ct)
    {
        if (!policy.IsModerator(moderator)) return CommandResult.Fail(ModeratorPolicy.NotModeratorMessage);
        var normalized = BannedWords.Normalize(word);
        if (normalized.Length == 0) return CommandResult.Fail("Give a word to ban.");
        if (normalized.Length > MaxBannedWordLength) return CommandResult.Fail($"A banned word can be at most {MaxBannedWordLength} characters.");
        var added = await bannedWordStore.AddAsync(normalized, ct);
        if (!added) return CommandResult.Ok("That word was already banned.");
        await audit.RecordAsync(moderator, AuditActions.BannedWordAdd, null, normalized, ct);
        return CommandResult.Ok("Word added to the banned list.");
    }

    public async Task<CommandResult> RemoveBannedWordAsync(Member moderator, string word, CancellationToken ct)
    {
        if (!policy.IsModerator(moderator)) return CommandResult.Fail(ModeratorPolicy.NotModeratorMessage);
        var normalized = BannedWords.Normalize(word);
        var removed = await bannedWordStore.RemoveAsync(normalized, ct);
        if (!removed) return CommandResult.Fail("That word is not on the moderator list (words from the configuration file cannot be removed here).");
        await audit.RecordAsync(moderator, AuditActions.BannedWordRemove, null, normalized, ct);
        return CommandResult.Ok("Word removed from the banned list.");
    }

    /// <summary>The full list (configured + moderator-added), for moderators only; show it ephemerally.</summary>
    public async Task<CommandResult> ListBannedWordsAsync(Member moderator, CancellationToken ct)
    {
        if (!policy.IsModerator(moderator)) return CommandResult.Fail(ModeratorPolicy.NotModeratorMessage);
        var words = await bannedWords.AllAsync(ct);
        return CommandResult.Ok(words.Count == 0 ? "No banned words." : TextFit.Join($"Banned words ({words.Count}): ", words, ", ", MessageLimits.Content));
    }

    private async Task<CommandResult> QuotaChangeAsync(Member moderator, ulong userId, string action, string details, Func<Task<QuotaStatus>> change, CancellationToken ct)
    {
        if (!policy.IsModerator(moderator)) return CommandResult.Fail(ModeratorPolicy.NotModeratorMessage);
        var status = await change();
        await audit.RecordAsync(moderator, action, userId, details, ct);
        return CommandResult.Ok($"<@{userId}> now has {status.LeftText} left; resets at {status.ResetsAtText}.");
    }
}
