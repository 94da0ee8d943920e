using DiffusionBot.Core.Models;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class ButtonPressTests
{
    private static async Task<Job> FinishedJobAsync(CoreHarness h, ulong user = 1, long count = 4)
    {
        var outcome = await h.ImagineAsync(user, new ImagineOptions("a cat") { Count = count, Seed = 5L });
        await h.DrainQueueAsync();
        return (await h.Jobs.GetAsync(outcome.Job!.Id, CancellationToken.None))!;
    }

    private static string Id(ButtonAction action, Job job, int? index = null) => new ButtonCustomId(action, job.Id, index).Format();

    [Fact]
    public async Task Reroll_ByRequester_QueuesSameSettingsWithNewSeed()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        var outcome = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Reroll, source));
        Assert.True(outcome.Success, outcome.Message);
        var job = outcome.NewJob!;
        Assert.Equal(JobKind.Reroll, job.Kind);
        Assert.Equal(source.Parameters with { Seed = job.Parameters.Seed, SourceJobId = source.Id }, job.Parameters);
        Assert.NotEqual(source.Parameters.Seed, job.Parameters.Seed);
        Assert.Equal(1, h.Get<FairJobQueue>().PositionOf(job.Id));
    }

    [Theory]
    [InlineData(ButtonAction.Reroll)]
    [InlineData(ButtonAction.Variation)]
    public async Task RerollOrVariation_ModelLeftTheCatalogue_RefusedClearlyAndNothingCharged(ButtonAction action)
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h, count: 1);
        var used = (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Used;
        h.Catalog.Models = [FakeModelCatalog.SdTurbo];

        var outcome = await h.PressAsync(CoreHarness.User(1), Id(action, source, action == ButtonAction.Variation ? 0 : null));

        Assert.False(outcome.Success);
        Assert.Equal(RetiredModel.ButtonMessage("stable-diffusion-v1-5"), outcome.Message);
        Assert.Equal(used, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Used);
    }

    [Fact]
    public async Task Reroll_PromptWithLoraTag_GeneratorGetsTheTagAgain()
    {
        using var h = new CoreHarness();
        const string prompt = "a cat <lora:style-kohya:0.8>";
        var imagined = await h.ImagineAsync(1, new ImagineOptions(prompt) { Count = 1, Seed = 5L });
        await h.DrainQueueAsync();
        var source = (await h.Jobs.GetAsync(imagined.Job!.Id, CancellationToken.None))!;

        var reroll = (await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Reroll, source))).NewJob!;
        await h.DrainQueueAsync();

        Assert.Equal(prompt, reroll.Parameters.Prompt);
        Assert.Equal(prompt, Assert.IsType<TextToImageRequest>(h.Generator.Requests[^1]).Prompt);
    }

    [Fact]
    public async Task Reroll_AfterNoiseSourceChanged_KeepsTheSourceJobsNoiseSource()
    {
        using var h = new CoreHarness();
        h.NoiseSource.Name = "xoshiro";
        var source = await FinishedJobAsync(h, count: 1);
        h.NoiseSource.Name = "cpu";

        var reroll = (await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Reroll, source))).NewJob!;
        var variation = (await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Variation, source, 0))).NewJob!;
        await h.DrainQueueAsync();

        Assert.Equal(("xoshiro", "xoshiro"), (reroll.Parameters.NoiseSource, variation.Parameters.NoiseSource));
        Assert.Equal("xoshiro", Assert.IsType<TextToImageRequest>(h.Generator.Requests[^2]).NoiseSource);
        Assert.Equal("xoshiro", Assert.IsType<VariationRequest>(h.Generator.Requests[^1]).NoiseSource);
    }

    [Fact]
    public async Task Upscale_SecondImage_QueuesUpscaleOfThatImageAndGeneratorGetsItsBytes()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        var outcome = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Upscale, source, 1));
        Assert.True(outcome.Success, outcome.Message);
        var p = outcome.NewJob!.Parameters;
        Assert.Equal((source.Id, 1, 2, 1024, 1024, 1), (p.SourceJobId, p.SourceImageIndex, p.UpscaleFactor, p.Width, p.Height, p.Count));
        await h.DrainQueueAsync();
        var request = Assert.IsType<UpscaleRequest>(h.Generator.Requests[^1]);
        Assert.Equal(await h.Images.LoadAsync(source.Id, 1, CancellationToken.None), request.SourcePng.ToArray());
        var done = await h.Jobs.GetAsync(outcome.NewJob.Id, CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, done!.Status);
        Assert.Equal("fake-upscaler", done.State.Method);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upscale_SourceImage_PassesItsSeedAndSafetyFlagToTheGenerator(bool flagged)
    {
        using var h = new CoreHarness();
        h.Generator.FlagImages = flagged;
        var source = await FinishedJobAsync(h);
        h.Generator.FlagImages = false;
        var outcome = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Upscale, source, 1));
        Assert.True(outcome.Success, outcome.Message);
        await h.DrainQueueAsync();
        var request = Assert.IsType<UpscaleRequest>(h.Generator.Requests[^1]);
        Assert.Equal((source.Images[1].Seed, flagged), (request.Seed, request.SourceNsfw));
    }

    [Fact]
    public async Task Variation_ThirdImage_QueuesImg2ImgWithStrength()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        var outcome = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Variation, source, 2));
        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(JobKind.Variation, outcome.NewJob!.Kind);
        Assert.Equal(0.6, outcome.NewJob.Parameters.VariationStrength);
        Assert.Equal(2, outcome.NewJob.Parameters.SourceImageIndex);
    }

    [Fact]
    public async Task Upscale_IndexBeyondImages_RefusedClearly()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h, count: 1);
        var outcome = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Upscale, source, 3));
        Assert.False(outcome.Success);
        Assert.Equal("Image 4 does not exist in that job.", outcome.Message);
    }

    [Theory]
    [InlineData(ButtonAction.Reroll)]
    [InlineData(ButtonAction.Upscale)]
    [InlineData(ButtonAction.Variation)]
    [InlineData(ButtonAction.Delete)]
    public async Task Press_ByAnotherUser_Rejected(ButtonAction action)
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        int? index = action is ButtonAction.Upscale or ButtonAction.Variation ? 0 : null;
        var outcome = await h.PressAsync(CoreHarness.User(2), Id(action, source, index));
        Assert.False(outcome.Success);
        Assert.Contains("Only the", outcome.Message);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
        Assert.Equal(JobStatus.Succeeded, h.Jobs.StateOf(source.Id)!.Status);
    }

    [Fact]
    public async Task Delete_SaveFails_ImagesKeptAndJobStillUsable()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        h.Jobs.SaveFailure = j => j.Status == JobStatus.Deleted ? new IOException("disk full") : null;

        await Assert.ThrowsAsync<IOException>(() => h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Delete, source)));

        Assert.Equal(4, h.Images.Count);
        Assert.Equal(JobStatus.Succeeded, h.Jobs.StateOf(source.Id)!.Status);
        Assert.Empty(h.Notifier.Deleted);
    }

    [Fact]
    public async Task Delete_ByModerator_DeletesImagesNotifiesAndAudits()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        Assert.Equal(4, h.Images.Count);
        var outcome = await h.PressAsync(CoreHarness.ModeratorByPermission(50), Id(ButtonAction.Delete, source));
        Assert.True(outcome.Success, outcome.Message);
        Assert.Equal(JobStatus.Deleted, h.Jobs.StateOf(source.Id)!.Status);
        Assert.Equal(0, h.Images.Count);
        Assert.Equal([source.Id], h.Notifier.Deleted);
        var entry = Assert.Single(h.Audit.Entries);
        Assert.Equal((AuditActions.JobDelete, 50UL, (ulong?)1), (entry.Action, entry.ModeratorId, entry.TargetUserId));

        var again = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Reroll, source));
        Assert.Equal(ButtonPressUseCase.NotFoundMessage, again.Message);
    }

    [Fact]
    public async Task Delete_ByRequester_NotAudited()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        Assert.True((await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Delete, source))).Success);
        Assert.Empty(h.Audit.Entries);
    }

    [Fact]
    public async Task Press_ForgedOrUnknownJob_RefusedClearly()
    {
        using var h = new CoreHarness();
        Assert.Contains("unknown or older version", (await h.PressAsync(CoreHarness.User(1), "db9:reroll:1")).Message);
        Assert.Equal(ButtonPressUseCase.NotFoundMessage, (await h.PressAsync(CoreHarness.User(1), "db1:reroll:zzz")).Message);
        var source = await FinishedJobAsync(h);
        var otherGuild = new Member(1, 12345, 0, []);
        var outcome = await h.Get<ButtonPressUseCase>().HandleAsync(new ButtonPress(Id(ButtonAction.Reroll, source), otherGuild, 1, h.Interaction()), CancellationToken.None);
        Assert.Equal(ButtonPressUseCase.NotFoundMessage, outcome.Message);
    }

    [Fact]
    public async Task Cancel_QueuedJobPressedTwice_RefundsOnce()
    {
        using var h = new CoreHarness();
        var queued = (await h.ImagineAsync(1, new ImagineOptions("cat") { Count = 3L })).Job!;
        Assert.Equal(7, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
        var first = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Cancel, queued));
        Assert.True(first.Success, first.Message);
        Assert.Equal("Cancelled; 3 quota refunded.", first.Message);
        var second = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Cancel, queued));
        Assert.False(second.Success);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, CancellationToken.None)).Remaining);
        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(queued.Id)!.Status);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
        Assert.Equal([queued.Id], h.Notifier.Cancelled);
    }

    [Fact]
    public async Task Cancel_ByOtherUser_RejectedButModeratorAllowed()
    {
        using var h = new CoreHarness();
        var queued = (await h.ImagineAsync(1, "cat")).Job!;
        Assert.False((await h.PressAsync(CoreHarness.User(2), Id(ButtonAction.Cancel, queued))).Success);
        Assert.True((await h.PressAsync(CoreHarness.ModeratorByRole(3), Id(ButtonAction.Cancel, queued))).Success);
        Assert.Equal(AuditActions.JobCancel, Assert.Single(h.Audit.Entries).Action);
    }

    [Fact]
    public async Task Reroll_OfUpscale_Refused()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h, count: 1);
        var upscale = (await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Upscale, source, 0))).NewJob!;
        await h.DrainQueueAsync();
        var stored = (await h.Jobs.GetAsync(upscale.Id, CancellationToken.None))!;
        Assert.Contains("cannot be re-rolled", (await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Reroll, stored))).Message);
        Assert.Equal("That image is already upscaled.", (await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Upscale, stored, 0))).Message);
    }
}
