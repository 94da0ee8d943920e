using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class JobRecoveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Job Stored(CoreHarness h, long id, ulong user, int minutesAgo, string model = "stable-diffusion-v1-5") =>
        new(new JobId(id), JobKind.Imagine, new JobOrigin(user, CoreHarness.Guild, CoreHarness.Channel, null),
            JobTests.Parameters() with { Model = model }, 1, h.Time.GetUtcNow().AddMinutes(-minutesAgo));

    [Fact]
    public async Task Recover_QueuedAndRunningJobs_RequeuedInOriginalOrder()
    {
        using var h = new CoreHarness();
        var oldest = Stored(h, 30, 1, 10);
        var running = Stored(h, 20, 2, 9);
        running.MarkRunning(h.Time.GetUtcNow());
        var newest = Stored(h, 10, 1, 1);
        var done = Stored(h, 40, 3, 20);
        done.MarkRunning(h.Time.GetUtcNow());
        done.MarkSucceeded(h.Time.GetUtcNow(), [new ImageRef(0, 1, false, 512, 512)], null, null);
        foreach (var job in new[] { newest, running, oldest, done }) await h.Jobs.SaveAsync(job, None);

        var report = await h.Get<JobRecovery>().RecoverAsync(None);

        Assert.Equal([oldest.Id, running.Id, newest.Id], report.Requeued);
        Assert.Empty(report.Failed);
        Assert.Equal(JobStatus.Queued, h.Jobs.StateOf(running.Id)!.Status);
        var queue = h.Get<FairJobQueue>();
        Assert.Equal([oldest.Id, running.Id, newest.Id], queue.Snapshot().Entries.Select(e => e.JobId));
        Assert.Equal(3, h.Notifier.Queued.Count);
        await h.DrainQueueAsync();
        Assert.Equal(3, h.Notifier.Completed.Count);
    }

    [Fact]
    public async Task Recover_ModelGone_FailsRefundsAndNotifies()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        var job = Stored(h, 5, 1, 1, model: "removed-model");
        await quotas.TryChargeAndSaveAsync(job, None);

        var report = await h.Get<JobRecovery>().RecoverAsync(None);

        Assert.Equal([job.Id], report.Failed);
        Assert.Equal(JobStatus.Failed, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Contains("no longer available", Assert.Single(h.Notifier.Failed).Reason);
        Assert.Equal(10, (await quotas.GetStatusAsync(1, None)).Remaining);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
    }

    [Fact]
    public async Task Recover_StoreCannotList_ReportsItAndDoesNotThrow()
    {
        using var h = new CoreHarness();
        await h.Jobs.SaveAsync(Stored(h, 5, 1, 1), None);
        h.Jobs.ListFailure = new IOException("database locked");

        var report = await h.Get<JobRecovery>().RecoverAsync(None);

        Assert.True(report.StoreUnavailable);
        Assert.Empty(report.Requeued);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
        Assert.Equal(JobStatus.Queued, h.Jobs.StateOf(new JobId(5))!.Status);
    }

    [Fact]
    public async Task Recover_StoreFailsForOneJob_OthersStillRecoveredAndItIsLeftForNextStart()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        var gone = Stored(h, 5, 1, 2, model: "removed-model");
        await quotas.TryChargeAndSaveAsync(gone, None);
        var fine = Stored(h, 6, 2, 1);
        await h.Jobs.SaveAsync(fine, None);
        h.Jobs.SaveFailure = j => j.Id == gone.Id ? new IOException("disk full") : null;

        var report = await h.Get<JobRecovery>().RecoverAsync(None);

        Assert.Equal([gone.Id], report.Unresolved);
        Assert.Equal([fine.Id], report.Requeued);
        Assert.Empty(h.Notifier.Failed);
        Assert.Equal(JobStatus.Queued, h.Jobs.StateOf(gone.Id)!.Status);
        Assert.Equal(9, (await quotas.GetStatusAsync(1, None)).Remaining);

        h.Jobs.SaveFailure = null;
        var again = await h.Get<JobRecovery>().RecoverAsync(None);
        Assert.Equal([gone.Id], again.Failed);
        Assert.Empty(again.Requeued);
        Assert.Equal(10, (await quotas.GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Recover_RequeueSaveFails_JobStillQueuedAndRuns()
    {
        using var h = new CoreHarness();
        var job = Stored(h, 5, 1, 1);
        job.MarkRunning(h.Time.GetUtcNow());
        await h.Jobs.SaveAsync(job, None);
        h.Jobs.SaveFailure = j => j.Status == JobStatus.Queued ? new IOException("disk full") : null;

        var report = await h.Get<JobRecovery>().RecoverAsync(None);

        Assert.Equal([job.Id], report.Requeued);
        h.Jobs.SaveFailure = null;
        await h.DrainQueueAsync();
        Assert.Equal([job.Id], h.Notifier.Completed);
    }
}
