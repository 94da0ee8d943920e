using DiffusionBot.Core.Application;
using DiffusionBot.Storage.Jobs;

namespace DiffusionBot.Storage.Tests;

public sealed class LiteJobStatsQueryTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListCreatedBetween_RangeAndGuild_HalfOpenRangeOfThatGuildOldestFirst()
    {
        using var storage = new TempStorage();
        var jobs = new LiteJobStore(storage.Database);
        await jobs.SaveAsync(LiteJobStoreTests.NewJob(1, 1, Day.AddTicks(-1)), None);
        await jobs.SaveAsync(LiteJobStoreTests.NewJob(3, 1, Day.AddHours(5)), None);
        await jobs.SaveAsync(LiteJobStoreTests.NewJob(2, 2, Day), None);
        await jobs.SaveAsync(LiteJobStoreTests.NewJob(4, 2, Day.AddHours(1), guild: 99), None);
        await jobs.SaveAsync(LiteJobStoreTests.NewJob(5, 3, Day.AddDays(1)), None);

        var query = new LiteJobStatsQuery(storage.Reopen());
        var inGuild = await query.ListCreatedBetweenAsync(Day, Day.AddDays(1), 10, None);
        var anyGuild = await query.ListCreatedBetweenAsync(Day, Day.AddDays(1), null, None);

        Assert.Equal([2L, 3L], inGuild.Select(j => j.Id.Value));
        Assert.Equal([2L, 4L, 3L], anyGuild.Select(j => j.Id.Value));
        Assert.Empty(await query.ListCreatedBetweenAsync(Day, Day, null, None));
    }

    [Fact]
    public async Task ListCreatedBetween_StoredJobs_FeedTheCoreReport()
    {
        using var storage = new TempStorage();
        var jobs = new LiteJobStore(storage.Database);
        var done = LiteJobStoreTests.NewJob(1, 7, Day.AddHours(1));
        done.MarkRunning(Day.AddHours(1).AddSeconds(3));
        done.MarkSucceeded(Day.AddHours(1).AddSeconds(13), [new(0, 1, false, 64, 64), new(1, 2, false, 64, 64)], null, null);
        await jobs.SaveAsync(done, None);
        var failed = LiteJobStoreTests.NewJob(2, 8, Day.AddHours(2));
        failed.MarkFailed(Day.AddHours(2), "no");
        await jobs.SaveAsync(failed, None);

        var list = await new LiteJobStatsQuery(storage.Database).ListCreatedBetweenAsync(Day, Day.AddDays(1), 10, None);
        var report = StatsCalculator.Compute(list, Day, Day.AddDays(1));

        Assert.Equal(2, report.Jobs);
        Assert.Equal(TimeSpan.FromSeconds(3), report.MedianWait);
        Assert.Equal(TimeSpan.FromSeconds(10), report.MedianGeneration);
        Assert.Equal((1, 4), (report.Refunds, report.RefundedUnits));
        Assert.Equal([new UserImages(7, 2)], report.TopUsers);
    }
}
