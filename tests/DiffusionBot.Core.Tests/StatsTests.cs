using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Tests.Fakes;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Tests;

public sealed class StatsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Day1 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_MixedJobs_CountsPerDayAndModelMediansRefundsAndTopUsers()
    {
        var jobs = new[]
        {
            Succeeded(1, user: 10, model: "sd15", created: Day1.AddHours(1), wait: 2, generation: 10, images: 4),
            Succeeded(2, user: 11, model: "sd15", created: Day1.AddHours(2), wait: 4, generation: 20, images: 1),
            Succeeded(3, user: 10, model: "xl", created: Day1.AddDays(1), wait: 6, generation: 30, images: 1),
            Failed(4, user: 12, created: Day1.AddDays(1).AddHours(3), cost: 2),
            Cancelled(5, user: 11, created: Day1.AddDays(2), cost: 1),
        };

        var report = StatsCalculator.Compute(jobs, Day1, Day1.AddDays(3));

        Assert.Equal(5, report.Jobs);
        Assert.Equal([2, 2, 1], report.JobsPerDay.Select(d => d.Jobs));
        Assert.Equal(new DateOnly(2026, 11, 21), report.JobsPerDay[0].Day);
        Assert.Equal([new NamedCount("sd15", 3), new NamedCount("xl", 2)], report.JobsPerModel);
        Assert.Equal(TimeSpan.FromSeconds(5), report.MedianWait); // 2, 4, 6 and the failed job's 8
        Assert.Equal(TimeSpan.FromSeconds(20), report.MedianGeneration); // succeeded only
        Assert.Equal(2, report.Refunds);
        Assert.Equal(3, report.RefundedUnits);
        Assert.Equal([new UserImages(10, 5), new UserImages(11, 1)], report.TopUsers);
    }

    [Fact]
    public void Compute_DeletedJobs_SuccessKeepsImagesFailureCountsAsRefund()
    {
        var deletedSuccess = Succeeded(1, user: 10, model: "sd15", created: Day1, wait: 1, generation: 5, images: 2);
        deletedSuccess.MarkDeleted();
        var deletedFailure = Failed(2, user: 11, created: Day1, cost: 1);
        deletedFailure.MarkDeleted();

        var report = StatsCalculator.Compute([deletedSuccess, deletedFailure], Day1, Day1.AddDays(1));

        Assert.Equal([new UserImages(10, 2)], report.TopUsers);
        Assert.Equal(1, report.Refunds);
    }

    [Fact]
    public void Compute_NoJobs_EmptyDaysAndNoMedians()
    {
        var report = StatsCalculator.Compute([], Day1, Day1.AddDays(7));

        Assert.Equal(7, report.JobsPerDay.Count);
        Assert.All(report.JobsPerDay, d => Assert.Equal(0, d.Jobs));
        Assert.Null(report.MedianWait);
        Assert.Null(report.MedianGeneration);
        Assert.Contains(StatsText.Fields(report), f => f.Value == "n/a");
    }

    [Fact]
    public void Median_EvenCount_MeanOfMiddleTwo()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), StatsCalculator.Median([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)]));
    }

    [Fact]
    public async Task GetAsync_NonModerator_RefusedWithoutQuery()
    {
        using var h = new CoreHarness();

        var result = await h.Get<StatsCommand>().GetAsync(CoreHarness.User(1), null, None);

        Assert.Equal(ModeratorPolicy.NotModeratorMessage, result.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public async Task GetAsync_DaysOutOfRange_Refused(int days)
    {
        using var h = new CoreHarness();

        var result = await h.Get<StatsCommand>().GetAsync(CoreHarness.ModeratorByRole(1), days, None);

        Assert.Equal("Days must be between 1 and 30.", result.Error);
    }

    [Fact]
    public async Task GetAsync_Moderator_LastDaysOfOwnGuildIncludingToday()
    {
        using var h = new CoreHarness();
        await h.ImagineAsync(2, "three days ago");
        h.Time.Advance(TimeSpan.FromDays(3));
        await h.ImagineAsync(1, "today");
        var elsewhere = new Job(new JobId(999), JobKind.Imagine, new JobOrigin(3, 12345, 1, null), ReplyLimitsTests.LongestJob(1).Parameters, 1, h.Time.GetUtcNow());
        await h.Jobs.SaveAsync(elsewhere, None);

        var two = await h.Get<StatsCommand>().GetAsync(CoreHarness.ModeratorByRole(9), 2, None);
        var week = await h.Get<StatsCommand>().GetAsync(CoreHarness.ModeratorByRole(9), null, None);

        Assert.Equal(1, two.Value!.Jobs);
        Assert.Equal(2, two.Value.JobsPerDay.Count);
        Assert.Equal(new DateOnly(2026, 11, 26), two.Value.JobsPerDay[^1].Day);
        Assert.Equal(2, week.Value!.Jobs);
        Assert.Equal(StatsCommand.DefaultDays, week.Value.JobsPerDay.Count);
    }

    [Fact]
    public void Fields_MaximumPeriodModelsAndUsers_EachFieldAndTotalWithinEmbedLimits()
    {
        var days = Enumerable.Range(0, 30).Select(i => new DayCount(DateOnly.FromDateTime(Day1.UtcDateTime).AddDays(i), 100_000)).ToArray();
        var models = Enumerable.Range(0, 200).Select(i => new NamedCount(new string('m', 300) + i, 1000)).ToArray();
        var users = Enumerable.Range(0, StatsCalculator.TopUserCount).Select(i => new UserImages(ulong.MaxValue - (ulong)i, int.MaxValue)).ToArray();
        var report = new StatsReport(Day1, Day1.AddDays(30), int.MaxValue, days, models, TimeSpan.FromHours(5), TimeSpan.FromHours(1), int.MaxValue, int.MaxValue, users);

        var fields = StatsText.Fields(report);
        var heading = StatsText.Heading(report);

        Assert.True(fields.Count <= MessageLimits.EmbedFields);
        Assert.All(fields, f => Assert.InRange(f.Value.Length, 1, MessageLimits.EmbedFieldValue));
        Assert.True(heading.Length + fields.Sum(f => f.Name.Length + f.Value.Length) <= MessageLimits.EmbedTotal);
        Assert.Contains(TextFit.Ellipsis + "and ", fields.Single(f => f.Name == "Jobs per model").Value, StringComparison.Ordinal);
        Assert.Equal(30, fields.Single(f => f.Name == "Jobs per day").Value.Split('\n').Length);
    }

    private static Job NewJob(long id, ulong user, string model, DateTimeOffset created, int cost = 1) =>
        new(new JobId(id), JobKind.Imagine, new JobOrigin(user, CoreHarness.Guild, CoreHarness.Channel, null),
            ReplyLimitsTests.LongestJob(1).Parameters with { Model = model }, cost, created);

    private static Job Succeeded(long id, ulong user, string model, DateTimeOffset created, int wait, int generation, int images)
    {
        var job = NewJob(id, user, model, created);
        var started = created.AddSeconds(wait);
        job.MarkRunning(started);
        job.MarkSucceeded(started.AddSeconds(generation), [.. Enumerable.Range(0, images).Select(i => new ImageRef(i, i, false, 64, 64))], null, null);
        return job;
    }

    private static Job Failed(long id, ulong user, DateTimeOffset created, int cost)
    {
        var job = NewJob(id, user, "sd15", created, cost);
        job.MarkRunning(created.AddSeconds(8));
        job.MarkFailed(created.AddSeconds(9), "boom");
        return job;
    }

    private static Job Cancelled(long id, ulong user, DateTimeOffset created, int cost)
    {
        var job = NewJob(id, user, "xl", created, cost);
        job.MarkCancelled(created.AddSeconds(1));
        return job;
    }
}
