using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Storage.Jobs;
using DiffusionBot.Storage.Quotas;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Storage.Tests;

public sealed class LiteJobQuotaTransactionTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static QuotaService Service(TempStorage storage) =>
        new(new LiteQuotaStore(storage.Database), new LiteJobQuotaTransaction(storage.Database),
            Microsoft.Extensions.Options.Options.Create(new QuotaOptions { DefaultAllowance = 10 }), new FakeTimeProvider(T0));

    [Fact]
    public async Task TryChargeAndSave_Charged_JobAndChargeBothSurviveRestart()
    {
        using var storage = new TempStorage();
        var job = LiteJobStoreTests.NewJob(1, 5, T0);

        Assert.True((await Service(storage).TryChargeAndSaveAsync(job, None)).Charged);

        storage.Reopen();
        Assert.Equal(JobStatus.Queued, (await new LiteJobStore(storage.Database).GetAsync(job.Id, None))!.Status);
        Assert.Equal(6, (await Service(storage).GetStatusAsync(5, None)).Remaining);
    }

    [Fact]
    public async Task TryChargeAndSave_NotEnoughQuota_SavesNoJob()
    {
        using var storage = new TempStorage();
        var job = new Job(new JobId(1), JobKind.Imagine, new JobOrigin(5, 10, 20, null), LiteJobStoreTests.Parameters(), 11, T0);

        Assert.False((await Service(storage).TryChargeAndSaveAsync(job, None)).Charged);

        Assert.Null(await new LiteJobStore(storage.Database).GetAsync(job.Id, None));
        Assert.Equal(10, (await Service(storage).GetStatusAsync(5, None)).Remaining);
    }

    [Fact]
    public async Task TryChargeAndSave_JobWriteFailsAfterCharge_NeitherChargeNorJobKept()
    {
        using var storage = new TempStorage();
        // LiteDB refuses a document over its size limit: the quota account is written first, then the job write throws.
        var huge = new Job(new JobId(1), JobKind.Imagine, new JobOrigin(5, 10, 20, null),
            LiteJobStoreTests.Parameters() with { Prompt = new string('a', 20_000_000) }, 4, T0);

        await Assert.ThrowsAnyAsync<Exception>(() => Service(storage).TryChargeAndSaveAsync(huge, None));

        storage.Reopen();
        Assert.Null(await new LiteJobStore(storage.Database).GetAsync(huge.Id, None));
        Assert.Equal(10, (await Service(storage).GetStatusAsync(5, None)).Remaining);
        // The database is still usable after the rollback.
        Assert.True((await Service(storage).TryChargeAndSaveAsync(LiteJobStoreTests.NewJob(2, 5, T0), None)).Charged);
    }

    [Fact]
    public async Task RefundAndSave_EndedJob_SavedWithRefundOnce()
    {
        using var storage = new TempStorage();
        var job = LiteJobStoreTests.NewJob(1, 5, T0);
        var quotas = Service(storage);
        await quotas.TryChargeAndSaveAsync(job, None);
        job.MarkCancelled(T0.AddSeconds(1));

        Assert.True(await quotas.RefundAndSaveAsync(job, None));
        Assert.False(await quotas.RefundAndSaveAsync(job, None));

        storage.Reopen();
        Assert.Equal(JobStatus.Cancelled, (await new LiteJobStore(storage.Database).GetAsync(job.Id, None))!.Status);
        Assert.Equal(10, (await Service(storage).GetStatusAsync(5, None)).Remaining);
    }
}
