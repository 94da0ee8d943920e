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
        await quotas.TryChargeAsync(1, job.Id, 1, None);
        await h.Jobs.SaveAsync(job, None);

        var report = await h.Get<JobRecovery>().RecoverAsync(None);

        Assert.Equal([job.Id], report.Failed);
        Assert.Equal(JobStatus.Failed, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Contains("no longer available", Assert.Single(h.Notifier.Failed).Reason);
        Assert.Equal(10, (await quotas.GetStatusAsync(1, None)).Remaining);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
    }
}
