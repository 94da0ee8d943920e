using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Quotas;

/// <summary>The quota rules as pure functions over an account; the store runs them atomically.</summary>
public static class QuotaLedger
{
    /// <summary>Charges older than this many windows are forgotten (their refunds no longer change any usage).</summary>
    private const int KeptWindows = 2;

    /// <summary>At most this many charges are remembered (free jobs could otherwise grow the list without bound).</summary>
    public const int MaxKeptCharges = 500;

    public static QuotaAccount Roll(QuotaAccount account, QuotaWindow window)
    {
        if (account.WindowStart >= window.Start) return account;
        var oldest = window.Start - (KeptWindows * window.Length);
        return account with
        {
            WindowStart = window.Start,
            Used = 0,
            Extra = 0,
            Charges = account.Charges.Where(c => c.WindowStart >= oldest).ToArray(),
        };
    }

    public static QuotaStatus Status(QuotaAccount account, QuotaWindow window, int defaultAllowance)
    {
        var current = Roll(account, window);
        return new QuotaStatus(current.AllowanceOverride ?? defaultAllowance, current.Extra, current.Used, window.End);
    }

    /// <summary>Charges <paramref name="cost"/> for a job unless it would exceed the allowance. Charging the same job twice charges once.</summary>
    public static QuotaUpdate<QuotaChargeResult> Charge(QuotaAccount account, JobId jobId, int cost, QuotaWindow window, int defaultAllowance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        var current = Roll(account, window);
        if (current.Charges.Any(c => c.JobId == jobId))
            return new(current, new QuotaChargeResult(true, cost, Status(current, window, defaultAllowance)));
        var status = Status(current, window, defaultAllowance);
        if (cost > status.Remaining)
            return new(current, new QuotaChargeResult(false, cost, status));
        var charged = current with
        {
            Used = current.Used + cost,
            Charges = [.. current.Charges.TakeLast(MaxKeptCharges - 1), new QuotaCharge(jobId, cost, window.Start, Refunded: false)],
        };
        return new(charged, new QuotaChargeResult(true, cost, Status(charged, window, defaultAllowance)));
    }

    /// <summary>Gives a job's charge back, once; a charge from an earlier window is only marked (that usage is gone anyway).</summary>
    public static QuotaUpdate<bool> Refund(QuotaAccount account, JobId jobId, QuotaWindow window)
    {
        var current = Roll(account, window);
        var index = IndexOf(current.Charges, jobId);
        if (index < 0 || current.Charges[index].Refunded) return new(current, false);
        var charge = current.Charges[index];
        var charges = current.Charges.ToArray();
        charges[index] = charge with { Refunded = true };
        var used = charge.WindowStart == current.WindowStart ? Math.Max(0, current.Used - charge.Cost) : current.Used;
        return new(current with { Used = used, Charges = charges }, true);
    }

    public static QuotaAccount SetAllowance(QuotaAccount account, QuotaWindow window, int? allowance) =>
        Roll(account, window) with { AllowanceOverride = allowance };

    public static QuotaAccount Grant(QuotaAccount account, QuotaWindow window, int extra)
    {
        var current = Roll(account, window);
        return current with { Extra = Math.Max(0, current.Extra + extra) };
    }

    public static QuotaAccount ResetUsage(QuotaAccount account, QuotaWindow window) =>
        Roll(account, window) with { Used = 0 };

    private static int IndexOf(IReadOnlyList<QuotaCharge> charges, JobId jobId)
    {
        for (var i = 0; i < charges.Count; i++)
        {
            if (charges[i].JobId == jobId) return i;
        }
        return -1;
    }
}
