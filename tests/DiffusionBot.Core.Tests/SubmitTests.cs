using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class SubmitTests
{
    [Fact]
    public async Task Imagine_Valid_PersistsQueuesChargesAndNotifiesPosition()
    {
        using var h = new CoreHarness();
        var first = await h.ImagineAsync(1, new ImagineOptions("a cat") { Count = 2L });
        var second = await h.ImagineAsync(2, "a dog");
        Assert.True(first.Accepted);
        Assert.Equal("Queued: you are next.", first.Message);
        Assert.Equal(2, second.Position);
        Assert.Equal("Queued at position 2.", second.Message);
        var stored = await h.Jobs.GetAsync(first.Job!.Id, CancellationToken.None);
        Assert.Equal(JobStatus.Queued, stored!.Status);
        Assert.Equal(2, stored.Cost);
        Assert.Equal(CoreHarness.Guild, stored.GuildId);
        Assert.Equal(8, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
        Assert.Equal([(first.Job.Id, 1), (second.Job!.Id, 2)], h.Notifier.Queued);
    }

    [Fact]
    public async Task Imagine_BannedWord_RefusedWithoutNamingIt()
    {
        using var h = new CoreHarness();
        var refused = await h.ImagineAsync(1, "a Forbidden castle");
        Assert.False(refused.Accepted);
        Assert.Equal(BannedWords.RefusalMessage, refused.Message);
        Assert.DoesNotContain("forbidden", refused.Message, StringComparison.OrdinalIgnoreCase);
        var inNegative = await h.ImagineAsync(1, new ImagineOptions("a castle") { Negative = "forbidden" });
        Assert.False(inNegative.Accepted);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
    }

    [Fact]
    public async Task Imagine_BadInput_RefusedWithParserMessage()
    {
        using var h = new CoreHarness();
        var refused = await h.ImagineAsync(1, new ImagineOptions("cat") { Steps = 10000L });
        Assert.False(refused.Accepted);
        Assert.Contains("Steps must be between 1 and 50", refused.Message);
        Assert.Empty(h.Notifier.Events);
    }

    [Fact]
    public async Task Imagine_PromptCheckerRefuses_RefusedWithItsMessageAndNothingChargedOrQueued()
    {
        using var h = new CoreHarness();
        h.PromptChecker.Problem = "The prompt gives \"cat\" a weight of 12; weights must be between −10 and 10.";
        var refused = await h.ImagineAsync(1, new ImagineOptions("(cat:12)") { Negative = "dog" });
        Assert.False(refused.Accepted);
        Assert.Equal(h.PromptChecker.Problem, refused.Message);
        Assert.Equal([("(cat:12)", "dog")], h.PromptChecker.Checked);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
        Assert.Empty(h.Notifier.Events);
    }

    [Fact]
    public async Task Imagine_UserDefaultNegative_PassedToPromptChecker()
    {
        using var h = new CoreHarness();
        await h.Settings.SaveAsync(1, new Commands.UserSettings("blurry", null, null), CancellationToken.None);
        var accepted = await h.ImagineAsync(1, "a cat");
        Assert.True(accepted.Accepted);
        Assert.Equal([("a cat", "blurry")], h.PromptChecker.Checked);
    }

    [Fact]
    public async Task Imagine_QuotaExhausted_RefusedWithResetTime()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["Quotas:DefaultAllowance"] = "3", ["Limits:PerUserPendingCap"] = "10" });
        Assert.True((await h.ImagineAsync(1, new ImagineOptions("cat") { Count = 3L })).Accepted);
        var refused = await h.ImagineAsync(1, "cat");
        Assert.False(refused.Accepted);
        Assert.Contains("Not enough quota: this needs 1 and you have 0 of 3 left", refused.Message);
        Assert.Contains("2026-11-24 00:00 UTC", refused.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), refused.QuotaResetsAt);
    }

    [Fact]
    public async Task Imagine_UserCapReached_RefusedBeforeCharging()
    {
        using var h = new CoreHarness();
        for (var i = 0; i < 3; i++) Assert.True((await h.ImagineAsync(1, "cat")).Accepted);
        var refused = await h.ImagineAsync(1, "cat");
        Assert.False(refused.Accepted);
        Assert.Contains("limit is 3", refused.Message);
        Assert.Equal(7, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
    }

    [Fact]
    public async Task Imagine_FiftyConcurrentFromOneUser_NeverExceedsQuota()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["Limits:PerUserPendingCap"] = "100", ["Quotas:DefaultAllowance"] = "7" });
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => h.ImagineAsync(1, "cat"), CancellationToken.None)));
        Assert.Equal(7, outcomes.Count(o => o.Accepted));
        Assert.Equal(7, h.Get<FairJobQueue>().Count);
        var status = await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None);
        Assert.Equal(7, status.Used);
    }

    [Fact]
    public async Task Imagine_JobSaveFailsAndQuotaStoreFailsAfterCharge_NothingChargedNothingQueued()
    {
        using var h = new CoreHarness();
        // A double fault: the job cannot be saved, and the quota store fails right after charging (so no separate refund
        // could undo the charge). Charge and save are one transaction, so neither is kept.
        h.Jobs.SaveFailure = _ =>
        {
            h.Quotas.UpdateFailure = new IOException("database gone");
            return new IOException("disk full");
        };

        await Assert.ThrowsAsync<IOException>(() => h.ImagineAsync(1, "cat"));

        h.Quotas.UpdateFailure = null;
        h.Jobs.SaveFailure = null;
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
        Assert.Empty(await h.Jobs.ListByStatusAsync([JobStatus.Queued], CancellationToken.None));
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
        Assert.Empty(h.Notifier.Queued);
    }
}
