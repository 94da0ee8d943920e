namespace DiffusionBot.Core.Quotas;

/// <summary>Quota windows of a fixed length, aligned to the Unix epoch.</summary>
public readonly record struct QuotaWindow(DateTimeOffset Start, TimeSpan Length)
{
    public DateTimeOffset End => Start + Length;

    public static QuotaWindow Containing(DateTimeOffset now, TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var windows = sinceEpoch / length.Ticks;
        if (sinceEpoch < 0 && sinceEpoch % length.Ticks != 0) windows--;
        return new QuotaWindow(new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + windows * length.Ticks, TimeSpan.Zero), length);
    }
}
