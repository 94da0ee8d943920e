using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class QuotaServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Job Costing(long id, int cost, ulong user = 1) =>
        new(new JobId(id), JobKind.Imagine, new JobOrigin(user, CoreHarness.Guild, CoreHarness.Channel, null), JobTests.Parameters(), cost, DateTimeOffset.UnixEpoch);

    private static Task<bool> EndAndRefundAsync(QuotaService quotas, Job job)
    {
        if (job.Status == JobStatus.Queued) job.MarkCancelled(DateTimeOffset.UnixEpoch);
        return quotas.RefundAndSaveAsync(job, None);
    }

    [Fact]
    public async Task TryChargeAndSave_WithinAllowance_ChargesAndReportsRemaining()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        var result = await quotas.TryChargeAndSaveAsync(Costing(1, 4), None);
        Assert.True(result.Charged);
        Assert.Equal(6, result.Status.Remaining);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), result.Status.ResetsAt);
    }

    [Fact]
    public async Task TryChargeAndSave_OverAllowance_RefusedWithoutCharging()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        Assert.True((await quotas.TryChargeAndSaveAsync(Costing(1, 8), None)).Charged);
        var refused = await quotas.TryChargeAndSaveAsync(Costing(2, 3), None);
        Assert.False(refused.Charged);
        Assert.Equal(2, (await quotas.GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task RefundAndSave_Twice_GivesBackOnce()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        var refunded = Costing(1, 3);
        await quotas.TryChargeAndSaveAsync(refunded, None);
        await quotas.TryChargeAndSaveAsync(Costing(2, 2), None);
        Assert.True(await EndAndRefundAsync(quotas, refunded));
        Assert.False(await EndAndRefundAsync(quotas, refunded));
        Assert.False(await EndAndRefundAsync(quotas, Costing(99, 5)));
        Assert.Equal(8, (await quotas.GetStatusAsync(1, None)).Remaining);
        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(refunded.Id)!.Status);
    }

    [Fact]
    public async Task TryChargeAndSave_SameJobTwice_ChargesOnce()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        await quotas.TryChargeAndSaveAsync(Costing(1, 3), None);
        await quotas.TryChargeAndSaveAsync(Costing(1, 3), None);
        Assert.Equal(7, (await quotas.GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Status_AfterWindowPasses_ResetsUsageAndGrant()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        await quotas.GrantAsync(1, 5, None);
        var lastWindows = Costing(1, 10);
        await quotas.TryChargeAndSaveAsync(lastWindows, None);
        Assert.Equal(5, (await quotas.GetStatusAsync(1, None)).Remaining);
        h.Time.Advance(TimeSpan.FromHours(12));
        var next = await quotas.GetStatusAsync(1, None);
        Assert.Equal(10, next.Remaining);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), next.ResetsAt);
        // A refund for last window's job no longer changes this window's usage.
        await quotas.TryChargeAndSaveAsync(Costing(2, 4), None);
        Assert.True(await EndAndRefundAsync(quotas, lastWindows));
        Assert.Equal(6, (await quotas.GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task ModeratorOverrides_SetGrantResetAndDefault_ChangeAllowance()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        await quotas.TryChargeAndSaveAsync(Costing(1, 6), None);
        Assert.Equal(14, (await quotas.SetAllowanceAsync(1, 20, None)).Remaining);
        Assert.Equal(17, (await quotas.GrantAsync(1, 3, None)).Remaining);
        Assert.Equal(23, (await quotas.ResetUsageAsync(1, None)).Remaining);
        await quotas.SetDefaultAllowanceAsync(2, None);
        Assert.Equal(2, (await quotas.GetStatusAsync(2, None)).Remaining);
        Assert.Equal(23, (await quotas.GetStatusAsync(1, None)).Remaining);
        h.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(20, (await quotas.GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task TryChargeAndSave_FiftyConcurrentFromOneUser_NeverExceedsAllowance()
    {
        using var h = new CoreHarness();
        var quotas = h.Get<QuotaService>();
        var results = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Task.Run(() => quotas.TryChargeAndSaveAsync(Costing(i, 1, 7), None), None)));
        Assert.Equal(10, results.Count(r => r.Charged));
        var status = await quotas.GetStatusAsync(7, None);
        Assert.Equal(10, status.Used);
        Assert.Equal(0, status.Remaining);
    }

    [Fact]
    public void CostOf_PerKind_UsesConfiguredCosts()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["Quotas:UpscaleCost"] = "2", ["Quotas:ImagineCostPerImage"] = "3" });
        var quotas = h.Get<QuotaService>();
        Assert.Equal(12, quotas.CostOf(JobKind.Imagine, 4));
        Assert.Equal(2, quotas.CostOf(JobKind.Upscale, 1));
        Assert.Equal(2, quotas.CostOf(JobKind.Reroll, 2));
    }

    [Fact]
    public void QuotaWindow_Containing_AlignsToEpoch()
    {
        var window = QuotaWindow.Containing(new DateTimeOffset(2026, 11, 23, 17, 30, 0, TimeSpan.FromHours(2)), TimeSpan.FromHours(6));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero), window.End);
    }
}

public sealed class QuotaLedgerTests
{
    [Fact]
    public void Charge_ManyFreeJobs_KeepsChargeListBounded()
    {
        var window = QuotaWindow.Containing(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1));
        var account = QuotaAccount.Empty;
        for (var i = 1; i <= QuotaLedger.MaxKeptCharges + 50; i++) account = QuotaLedger.Charge(account, new JobId(i), 0, window, 10).Account;
        Assert.Equal(QuotaLedger.MaxKeptCharges, account.Charges.Count);
        Assert.Equal(new JobId(QuotaLedger.MaxKeptCharges + 50), account.Charges[^1].JobId);
        Assert.Equal(0, account.Used);
    }
}
