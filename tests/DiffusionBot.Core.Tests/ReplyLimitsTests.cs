using System.Globalization;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Tests.Fakes;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Tests;

/// <summary>Each text the core builds, at its list's maximum, fits the Discord limit of where it is shown.</summary>
public sealed class ReplyLimitsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void HistoryBuild_MaxCountOfLongestLines_AllListedInOneEmbedDescription()
    {
        var jobs = Enumerable.Range(0, UserCommands.MaxHistoryCount).Select(i => LongestJob(long.MaxValue - i)).ToArray();

        var text = HistoryText.Build(jobs);

        Assert.True(text.Length <= MessageLimits.EmbedDescription, $"{text.Length} characters");
        Assert.All(jobs, j => Assert.Contains($"`{j.Id}`", text, StringComparison.Ordinal));
        Assert.DoesNotContain("more", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListBannedWords_ManyLongWords_FitsContentWithMoreMarker()
    {
        using var h = new CoreHarness();
        var moderator = CoreHarness.ModeratorByPermission(1);
        var commands = h.Get<ModeratorCommands>();
        for (var i = 0; i < 200; i++)
            await commands.AddBannedWordAsync(moderator, i.ToString("D3", CultureInfo.InvariantCulture) + new string('w', ModeratorCommands.MaxBannedWordLength - 3), None);

        var list = await commands.ListBannedWordsAsync(moderator, None);

        Assert.True(list.Success);
        Assert.True(list.Message.Length <= MessageLimits.Content, $"{list.Message.Length} characters");
        Assert.StartsWith("Banned words (201): ", list.Message, StringComparison.Ordinal);
        Assert.Matches(@"…and \d+ more$", list.Message);
    }

    [Fact]
    public void HelpBuild_MaximumChoiceLists_FitsContent()
    {
        var model = FakeModelCatalog.Sd15 with
        {
            Sizes = [.. Enumerable.Range(0, 25).Select(i => new Core.Commands.ImageSize(2048 - (8 * i), 2048))],
            Schedulers = [.. Enumerable.Range(0, 25).Select(i => $"scheduler-with-a-rather-long-name-that-nobody-would-type-{i:D2}")],
        };

        var text = HelpText.Build(new FakeModelCatalog(model), new LimitsOptions(), new QuotaOptions());

        Assert.True(text.Length <= MessageLimits.Content, $"{text.Length} characters");
        Assert.Contains(TextFit.Ellipsis + "and ", text, StringComparison.Ordinal);
        Assert.Contains("/stats", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSettings_HugeUnknownSize_ErrorEchoesShortenedInput()
    {
        using var h = new CoreHarness();

        var result = await h.Get<UserCommands>().UpdateSettingsAsync(CoreHarness.User(1), null, new string('s', 5000), null, None);

        Assert.False(result.Success);
        Assert.True(result.Error.Length < 300, $"{result.Error.Length} characters");
        Assert.Contains(TextFit.Ellipsis, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imagine_HugeUnknownScheduler_ErrorEchoesShortenedInput()
    {
        using var h = new CoreHarness();

        var outcome = await h.ImagineAsync(1, new ImagineOptions("a fox") { Scheduler = new string('q', 5000) });

        Assert.False(outcome.Accepted);
        Assert.True(outcome.Message.Length < 300, $"{outcome.Message.Length} characters");
    }

    [Fact]
    public void QueueBuild_MaxPendingPerUserAtTheQueueEnd_AllPositionsWithinContent()
    {
        var yours = Enumerable.Range(0, 100).Select(i => new Queue.QueueEntry(new JobId(i + 1), 1, JobKind.Imagine, 9_900 + i)).ToArray();

        var text = QueueText.Build(new QueueView(10_000, yours, []));

        Assert.True(text.Length <= MessageLimits.Content, $"{text.Length} characters");
        Assert.StartsWith("10000 job(s) waiting, 0 running. Yours at position 9900, 9901", text, StringComparison.Ordinal);
        Assert.EndsWith("9999.", text, StringComparison.Ordinal);
    }

    internal static Job LongestJob(long id)
    {
        var parameters = new JobParameters
        {
            NoiseSource = "cpu",
            Prompt = new string('p', 1000),
            Seed = uint.MaxValue,
            Steps = 50,
            Guidance = 7.5,
            Width = 2048,
            Height = 2048,
            Count = 4,
            Model = "m",
            Scheduler = "euler_a",
        };
        var job = new Job(new JobId(id), JobKind.Variation, new JobOrigin(1, CoreHarness.Guild, CoreHarness.Channel, null), parameters, 1, DateTimeOffset.UnixEpoch.AddYears(60));
        job.MarkCancelled(DateTimeOffset.UnixEpoch.AddYears(60));
        return job;
    }
}
