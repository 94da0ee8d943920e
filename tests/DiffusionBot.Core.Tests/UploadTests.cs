using DiffusionBot.Core.Application;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class UploadTests
{
    private static readonly byte[] Picture = [10, 20, 30];

    private static Dictionary<string, string?> Costs() => new()
    {
        ["Quotas:ImagineCostPerImage"] = "2",
        ["Quotas:VariationCostPerImage"] = "5",
        ["Quotas:UpscaleCost"] = "3",
        ["Limits:VariationStrength"] = "0.7",
    };

    private static Task<SubmitOutcome> ImagineWithImageAsync(CoreHarness h, ulong user, ImagineOptions options) =>
        h.Get<ImagineUseCase>().SubmitAsync(new ImagineCommand(CoreHarness.User(user), CoreHarness.Channel, h.Interaction(), options, Picture), CancellationToken.None);

    private static Task<SubmitOutcome> UpscaleAsync(CoreHarness h, ulong user) =>
        h.Get<UpscaleUploadUseCase>().SubmitAsync(new UpscaleCommand(CoreHarness.User(user), CoreHarness.Channel, h.Interaction(), Picture), CancellationToken.None);

    private static async Task<int> UsedAsync(CoreHarness h, ulong user) =>
        (await h.Get<QuotaService>().GetStatusAsync(user, CancellationToken.None)).Used;

    [Fact]
    public async Task ImagineWithImage_Valid_StoresUploadUnderJobAndChargesLikeImaginePerImage()
    {
        using var h = new CoreHarness(Costs());

        var outcome = await ImagineWithImageAsync(h, 1, new ImagineOptions("a cat") { Count = 2L, Size = "512x768" });

        Assert.True(outcome.Accepted, outcome.Message);
        var job = outcome.Job!;
        Assert.Equal(JobKind.Variation, job.Kind);
        Assert.True(job.Parameters.IsFromUpload);
        Assert.Equal(job.Id, job.Parameters.SourceJobId);
        Assert.Equal(0.7, job.Parameters.VariationStrength);
        Assert.Equal(4, job.Cost);
        Assert.Equal(4, await UsedAsync(h, 1));
        Assert.Equal(FakeUploadedImages.Prepared(Picture), await h.Images.LoadAsync(job.Id, JobParameters.UploadedImageIndex, CancellationToken.None));

        await h.DrainQueueAsync();

        var request = Assert.IsType<VariationRequest>(Assert.Single(h.Generator.Requests));
        Assert.Equal(FakeUploadedImages.Prepared(Picture), request.SourcePng.ToArray());
        Assert.Equal((512, 768, 2, 0.7), (job.Parameters.Width, job.Parameters.Height, request.Count, request.Strength));
        Assert.Equal(JobStatus.Succeeded, (await h.Jobs.GetAsync(job.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task ImagineWithImage_Strength_IsUsed()
    {
        using var h = new CoreHarness(Costs());

        var outcome = await ImagineWithImageAsync(h, 1, new ImagineOptions("a cat") { Strength = 0.25 });

        Assert.Equal(0.25, outcome.Job!.Parameters.VariationStrength);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(1.5)]
    public async Task ImagineWithImage_StrengthOutOfRange_RefusedNothingStoredOrCharged(double strength)
    {
        using var h = new CoreHarness(Costs());

        var outcome = await ImagineWithImageAsync(h, 1, new ImagineOptions("a cat") { Strength = strength });

        Assert.False(outcome.Accepted);
        Assert.Equal("Strength must be between 0.05 and 1.", outcome.Message);
        Assert.Equal(0, h.Images.Count);
        Assert.Equal(0, await UsedAsync(h, 1));
    }

    [Fact]
    public async Task Imagine_StrengthWithoutImage_Refused()
    {
        using var h = new CoreHarness(Costs());

        var outcome = await h.ImagineAsync(1, new ImagineOptions("a cat") { Strength = 0.5 });

        Assert.False(outcome.Accepted);
        Assert.Contains("`strength` is for an uploaded `image`", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
    }

    [Fact]
    public async Task ImagineWithImage_UnusableFile_RefusedWithItsMessageNothingStoredOrCharged()
    {
        using var h = new CoreHarness(Costs());
        h.Uploads.Problem = "The image is 100000×100000; too large.";

        var outcome = await ImagineWithImageAsync(h, 1, new ImagineOptions("a cat"));

        Assert.False(outcome.Accepted);
        Assert.Equal(h.Uploads.Problem, outcome.Message);
        Assert.Equal(0, h.Images.Count);
        Assert.Equal(0, await UsedAsync(h, 1));
        Assert.Empty(h.Notifier.Events);
    }

    [Fact]
    public async Task ImagineWithImage_NotEnoughQuota_UploadRemovedAgain()
    {
        using var h = new CoreHarness(new Dictionary<string, string?>(Costs()) { ["Quotas:DefaultAllowance"] = "3" });

        var outcome = await ImagineWithImageAsync(h, 1, new ImagineOptions("a cat") { Count = 2L });

        Assert.False(outcome.Accepted);
        Assert.StartsWith("Not enough quota", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Images.Count);
    }

    [Fact]
    public async Task Upscale_Valid_QueuesUpscaleOfTheUploadChargedLikeTheButton()
    {
        using var h = new CoreHarness(Costs());

        var outcome = await UpscaleAsync(h, 1);

        Assert.True(outcome.Accepted, outcome.Message);
        var job = outcome.Job!;
        Assert.Equal(JobKind.Upscale, job.Kind);
        Assert.Equal((2, 194, 150, 1), (job.Parameters.UpscaleFactor, job.Parameters.Width, job.Parameters.Height, job.Parameters.Count));
        Assert.True(job.Parameters.IsFromUpload);
        Assert.Equal(3, await UsedAsync(h, 1));

        await h.DrainQueueAsync();

        var request = Assert.IsType<UpscaleRequest>(Assert.Single(h.Generator.Requests));
        Assert.Equal(FakeUploadedImages.Prepared(Picture), request.SourcePng.ToArray());
        Assert.Equal(2, request.Factor);
        Assert.False(request.SourceNsfw);
    }

    [Fact]
    public async Task Upscale_UnusableFile_RefusedNothingCharged()
    {
        using var h = new CoreHarness(Costs());
        h.Uploads.Problem = "That file is not a PNG, JPEG or WebP image.";

        var outcome = await UpscaleAsync(h, 1);

        Assert.False(outcome.Accepted);
        Assert.Equal(h.Uploads.Problem, outcome.Message);
        Assert.Equal(0, await UsedAsync(h, 1));
        Assert.Equal(0, h.Images.Count);
    }

    [Fact]
    public async Task ImageToImageResult_RerollAndUpscale_UseTheUploadAndTheResult()
    {
        using var h = new CoreHarness(Costs());
        var source = (await ImagineWithImageAsync(h, 1, new ImagineOptions("a cat"))).Job!;
        await h.DrainQueueAsync();

        var reroll = await h.PressAsync(CoreHarness.User(1), new Buttons.ButtonCustomId(Buttons.ButtonAction.Reroll, source.Id).Format());
        var upscale = await h.PressAsync(CoreHarness.User(1), new Buttons.ButtonCustomId(Buttons.ButtonAction.Upscale, source.Id, 0).Format());
        await h.DrainQueueAsync();

        Assert.True(reroll.Success, reroll.Message);
        Assert.Equal((source.Id, JobParameters.UploadedImageIndex), (reroll.NewJob!.Parameters.SourceJobId, reroll.NewJob.Parameters.SourceImageIndex));
        Assert.Equal(2, reroll.NewJob.Cost);
        Assert.True(upscale.Success, upscale.Message);
        Assert.False(upscale.NewJob!.Parameters.IsFromUpload);
        var requests = h.Generator.Requests.Skip(1).ToArray();
        Assert.Equal(FakeUploadedImages.Prepared(Picture), Assert.IsType<VariationRequest>(requests[0]).SourcePng.ToArray());
        Assert.Equal(JobStatus.Succeeded, (await h.Jobs.GetAsync(upscale.NewJob.Id, CancellationToken.None))!.Status);
    }
}
