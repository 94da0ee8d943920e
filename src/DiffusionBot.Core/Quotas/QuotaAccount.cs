using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Quotas;

/// <summary>A user's quota: usage in the current window, moderator overrides and the recent charges (for refund-once).</summary>
public sealed record QuotaAccount
{
    public static readonly QuotaAccount Empty = new();

    /// <summary>Start of the window that <see cref="Used"/> and <see cref="Extra"/> belong to.</summary>
    public DateTimeOffset WindowStart { get; init; } = DateTimeOffset.UnixEpoch;

    public int Used { get; init; }

    /// <summary>Units granted by a moderator for the current window only.</summary>
    public int Extra { get; init; }

    /// <summary>A moderator-set allowance that replaces the default in every window; null means the default.</summary>
    public int? AllowanceOverride { get; init; }

    public IReadOnlyList<QuotaCharge> Charges { get; init; } = [];
}

/// <summary>One charge for one job; refunded at most once.</summary>
public sealed record QuotaCharge(JobId JobId, int Cost, DateTimeOffset WindowStart, bool Refunded);

/// <summary>The account to save and the answer for the caller.</summary>
public sealed record QuotaUpdate<TResult>(QuotaAccount Account, TResult Result);
