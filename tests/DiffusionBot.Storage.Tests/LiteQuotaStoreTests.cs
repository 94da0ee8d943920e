using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Storage.Jobs;
using DiffusionBot.Storage.Quotas;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Storage.Tests;

public sealed class LiteQuotaStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static QuotaService Service(LiteQuotaStore store, FakeTimeProvider time, int allowance = 10) =>
        new(store, new LiteJobQuotaTransaction(store.Database), Microsoft.Extensions.Options.Options.Create(new QuotaOptions { DefaultAllowance = allowance }), time);

    private static Job Costing(long id, int cost) =>
        new(new JobId(id), JobKind.Imagine, new JobOrigin(5, 10, 20, null), LiteJobStoreTests.Parameters(), cost, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TryChargeAndSave_FiftyConcurrentFromOneUser_NeverExceedsQuota()
    {
        using var storage = new TempStorage();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var quotas = Service(new LiteQuotaStore(storage.Database), time, allowance: 13);
        var results = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Task.Run(() => quotas.TryChargeAndSaveAsync(Costing(i, 1), None), None)));
        Assert.Equal(13, results.Count(r => r.Charged));
        var account = await new LiteQuotaStore(storage.Reopen()).GetAsync(5, None);
        Assert.Equal(13, account!.Used);
        Assert.Equal(13, account.Charges.Count);
        Assert.Equal(13, (await new LiteJobStore(storage.Database).ListByStatusAsync([JobStatus.Queued], None)).Count);
    }

    [Fact]
    public async Task RefundAndSave_AfterRestart_StillOnlyOnce()
    {
        using var storage = new TempStorage();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var job = Costing(1, 4);
        await Service(new LiteQuotaStore(storage.Database), time).TryChargeAndSaveAsync(job, None);
        job.MarkCancelled(time.GetUtcNow());
        Assert.True(await Service(new LiteQuotaStore(storage.Database), time).RefundAndSaveAsync(job, None));

        var reopened = Service(new LiteQuotaStore(storage.Reopen()), time);
        Assert.False(await reopened.RefundAndSaveAsync(job, None));
        Assert.Equal(10, (await reopened.GetStatusAsync(5, None)).Remaining);
    }

    [Fact]
    public async Task Overrides_AndDefault_SurviveRestart()
    {
        using var storage = new TempStorage();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var quotas = Service(new LiteQuotaStore(storage.Database), time);
        await quotas.SetAllowanceAsync(5, 40, None);
        await quotas.GrantAsync(5, 2, None);
        await quotas.TryChargeAndSaveAsync(Costing(1, 3), None);
        await quotas.SetDefaultAllowanceAsync(7, None);

        var reopened = Service(new LiteQuotaStore(storage.Reopen()), time);
        Assert.Equal(39, (await reopened.GetStatusAsync(5, None)).Remaining);
        Assert.Equal(7, (await reopened.GetStatusAsync(6, None)).Remaining);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(40, (await reopened.GetStatusAsync(5, None)).Remaining);
        await reopened.SetDefaultAllowanceAsync(null, None);
        Assert.Equal(10, (await reopened.GetStatusAsync(6, None)).Remaining);
    }
}
