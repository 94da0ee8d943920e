using DiffusionBot.Core.Application;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Tests;

public sealed class UserCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task History_Own_NewestFirstWithCount()
    {
        using var h = new CoreHarness();
        var first = (await h.ImagineAsync(1, "one")).Job!;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var second = (await h.ImagineAsync(1, "two")).Job!;
        await h.ImagineAsync(2, "other");
        var history = await h.Get<UserCommands>().HistoryAsync(CoreHarness.User(1), null, 5, None);
        Assert.True(history.Success);
        Assert.Equal([second.Id, first.Id], history.Value.Select(j => j.Id));
    }

    [Fact]
    public async Task History_OfOtherUser_OnlyForModeratorsAndAudited()
    {
        using var h = new CoreHarness();
        await h.ImagineAsync(2, "other");
        var commands = h.Get<UserCommands>();
        var refused = await commands.HistoryAsync(CoreHarness.User(1), 2, null, None);
        Assert.Equal("Only moderators can see another member's history.", refused.Error);
        var allowed = await commands.HistoryAsync(CoreHarness.ModeratorByPermission(1), 2, null, None);
        Assert.Single(allowed.Value!);
        Assert.Equal(AuditActions.HistoryView, Assert.Single(h.Audit.Entries).Action);
        Assert.Contains("between 1 and 25", (await commands.HistoryAsync(CoreHarness.User(1), null, 100, None)).Error);
    }

    [Fact]
    public async Task Queue_ShowsWaitingYourPositionsAndRunning()
    {
        using var h = new CoreHarness();
        await h.ImagineAsync(1, "a");
        await h.ImagineAsync(2, "b");
        await h.ImagineAsync(1, "c");
        var view = h.Get<UserCommands>().Queue(CoreHarness.User(1));
        Assert.Equal(3, view.Waiting);
        Assert.Equal([1, 3], view.Yours.Select(e => e.Position));
        Assert.Empty(view.Running);
    }

    [Fact]
    public async Task UpdateSettings_ValidValues_SavedAndUsedByImagine()
    {
        using var h = new CoreHarness();
        var commands = h.Get<UserCommands>();
        var saved = await commands.UpdateSettingsAsync(CoreHarness.User(1), "blurry", "768X768", "DDIM", None);
        Assert.Equal(new UserSettings("blurry", "768x768", "ddim"), saved.Value);
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        Assert.Equal(("blurry", 768, "ddim"), (job.Parameters.NegativePrompt, job.Parameters.Width, job.Parameters.Scheduler));
        var cleared = await commands.UpdateSettingsAsync(CoreHarness.User(1), "", null, null, None);
        Assert.Equal(new UserSettings(null, "768x768", "ddim"), cleared.Value);
    }

    [Fact]
    public async Task UpdateSettings_UnknownSize_RefusedWithChoices()
    {
        using var h = new CoreHarness();
        var result = await h.Get<UserCommands>().UpdateSettingsAsync(CoreHarness.User(1), null, "4096x4096", null, None);
        Assert.Equal("Unknown size '4096x4096'. Choose one of: 512x512, 512x768, 768x512, 768x768, 256x256, 256x384, 384x256.", result.Error);
    }

    [Fact]
    public async Task Quota_ShowsRemainingAndReset()
    {
        using var h = new CoreHarness();
        await h.ImagineAsync(1, new ImagineOptions("cat") { Count = 3L });
        var status = await h.Get<UserCommands>().QuotaAsync(CoreHarness.User(1), None);
        Assert.Equal((7, new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero)), (status.Remaining, status.ResetsAt));
    }

    [Fact]
    public void HelpText_MentionsCommandsAndLimits()
    {
        var text = HelpText.Build(new FakeModelCatalog(), new LimitsOptions(), new QuotaOptions());
        Assert.Contains("/imagine", text);
        Assert.Contains("1–50", text);
        Assert.Contains("25 per day", text);
        Assert.Contains("`parameters`", text);
        Assert.Contains("🖋", text);
        Assert.Contains("📋", text);
    }

    [Theory]
    [InlineData("Limits:DefaultSize", "640x640", "Limits:DefaultSize")]
    [InlineData("Limits:Sizes:0", "513x512", "Limits:Sizes")]
    [InlineData("Limits:MaxSteps", "0", "MaxSteps")]
    [InlineData("Limits:MaxModelAffinitySkips", "-1", "MaxModelAffinitySkips")]
    [InlineData("Limits:Sizes:0", "512x512", "Limits:Sizes is no longer read; use Models:Entries:<name>:Sizes instead.")]
    [InlineData("Limits:DefaultModel", "sd15", "Limits:DefaultModel is no longer read; use Models:Default instead.")]
    [InlineData("Quotas:Window", "00:00:10", "Quotas:Window")]
    [InlineData("Moderation:InteractionTokenSafetyMargin", "00:20:00", "InteractionTokenSafetyMargin")]
    public void Options_Invalid_FailValidationWithClearMessage(string key, string value, string expected)
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = h.Get<IOptions<LimitsOptions>>().Value;
            _ = h.Get<IOptions<QuotaOptions>>().Value;
            _ = h.Get<IOptions<ModerationOptions>>().Value;
        });
        Assert.Contains(expected, error.Message);
    }
}
