using System.Globalization;

namespace DiffusionBot.Core.Quotas;

/// <summary>What /quota shows.</summary>
public sealed record QuotaStatus(int Allowance, int Extra, int Used, DateTimeOffset ResetsAt)
{
    /// <summary>What may be spent in this window: the allowance plus a moderator's grant.</summary>
    public int Total => Allowance + Extra;

    public int Remaining => Math.Max(0, Total - Used);

    /// <summary>"<see cref="Remaining"/> of <see cref="Total"/>", as every quota message shows it.</summary>
    public string LeftText => $"{Remaining} of {Total}";

    /// <summary>The reset time as users read it, e.g. "2026-11-24 00:00 UTC".</summary>
    public string ResetsAtText => ResetsAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}

/// <summary>Outcome of a check-and-charge: either charged, or refused with the status that explains why.</summary>
public sealed record QuotaChargeResult(bool Charged, int Cost, QuotaStatus Status);
