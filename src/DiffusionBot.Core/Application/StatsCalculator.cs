using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Application;

/// <summary>Aggregates jobs into a <see cref="StatsReport"/>. Pure: the jobs and the period come in.</summary>
public static class StatsCalculator
{
    public const int TopUserCount = 10;

    /// <param name="jobs">Jobs created in [<paramref name="from"/>, <paramref name="to"/>).</param>
    public static StatsReport Compute(IReadOnlyList<Job> jobs, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var days = new List<DayCount>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < to.UtcDateTime; day = day.AddDays(1))
            days.Add(new DayCount(day, jobs.Count(j => DateOnly.FromDateTime(j.CreatedAt.UtcDateTime) == day)));

        var perModel = jobs.GroupBy(j => j.Parameters.Model, StringComparer.Ordinal)
            .Select(g => new NamedCount(g.Key, g.Count()))
            .OrderByDescending(m => m.Count).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();

        var waits = jobs.Where(j => j.StartedAt is not null).Select(j => j.StartedAt!.Value - j.CreatedAt).ToArray();
        var generations = jobs.Where(Delivered).Where(j => j.Duration is not null).Select(j => j.Duration!.Value).ToArray();
        var refunded = jobs.Where(Refunded).ToArray();

        var topUsers = jobs.Where(Delivered)
            .GroupBy(j => j.RequesterId)
            .Select(g => new UserImages(g.Key, g.Sum(j => j.Images.Count)))
            .OrderByDescending(u => u.Images).ThenBy(u => u.UserId)
            .Take(TopUserCount)
            .ToArray();

        return new StatsReport(from, to, jobs.Count, days, perModel, Median(waits), Median(generations),
            refunded.Length, refunded.Sum(j => j.Cost), topUsers);
    }

    /// <summary>The middle value; the mean of the two middle ones for an even count; null for none.</summary>
    public static TimeSpan? Median(IReadOnlyCollection<TimeSpan> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : TimeSpan.FromTicks((sorted[middle - 1].Ticks + sorted[middle].Ticks) / 2);
    }

    // A succeeded job always has images; a deleted one keeps them, so images tell a deleted success from a deleted failure.
    private static bool Delivered(Job job) => job.Status is JobStatus.Succeeded || (job.Status is JobStatus.Deleted && job.Images.Count > 0);

    // Failed and cancelled jobs are refunded by the worker and by recovery.
    private static bool Refunded(Job job) =>
        job.Cost > 0 && (job.Status is JobStatus.Failed or JobStatus.Cancelled || (job.Status is JobStatus.Deleted && job.Images.Count == 0));
}
