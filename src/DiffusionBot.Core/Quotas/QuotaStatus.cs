namespace DiffusionBot.Core.Quotas;

/// <summary>What /quota shows.</summary>
public sealed record QuotaStatus(int Allowance, int Extra, int Used, DateTimeOffset ResetsAt)
{
    public int Remaining => Math.Max(0, Allowance + Extra - Used);
}

/// <summary>Outcome of a check-and-charge: either charged, or refused with the status that explains why.</summary>
public sealed record QuotaChargeResult(bool Charged, int Cost, QuotaStatus Status);
