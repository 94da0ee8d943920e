using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Conditioning;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>An LCM UNet (time_cond_proj_dim) takes the guidance as the embedding <c>timestep_cond</c> and runs
/// without classifier-free guidance.</summary>
public sealed class LcmGuidanceEmbeddingTests(DemoModelFolders models)
{
    [Fact]
    public void For_GuidanceOne_IsSinZeroThenCosOne()
    {
        var embedding = GuidanceEmbedding.For(1.0, 6);

        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f, 1f }, embedding);
    }

    [Fact]
    public void For_GuidanceTwo_UsesFrequenciesFromOneDownToOneTenThousandth()
    {
        var embedding = GuidanceEmbedding.For(2.0, 4);

        Assert.Equal(new[] { (float)Math.Sin(1000.0), (float)Math.Sin(0.1), (float)Math.Cos(1000.0), (float)Math.Cos(0.1) }, embedding);
    }

    [Fact]
    public async Task GenerateAsync_UnetWithTimestepCond_FeedsTheEmbeddingAndNoUncondHalf()
    {
        var folder = await models.FolderAsync(DemoModelFolders.Oracle with { GuidanceEmbeddingWidth = 8, IncludeUpscalers = false, IncludeSafetyChecker = false });
        var observer = new RecordingRunObserver();
        using var engine = TinySdModels.CreateEngine(folder, observer);
        var runs = observer.Capture();

        var result = await engine.GenerateAsync(new GenerationRequest("red", Width: 64, Height: 64, Steps: 2, Guidance: 8.5, Scheduler: "lcm"), null,
            TestContext.Current.CancellationToken);

        Assert.Equal(8.5, result.Guidance);
        var unet = runs.Where(r => r.Component == "unet").ToList();
        Assert.Equal(2, unet.Count);
        Assert.Equal(new long[] { 1, 8 }, unet[0].Inputs["timestep_cond"].Shape);
        Assert.Equal(GuidanceEmbedding.For(8.5, 8), unet[0].Inputs["timestep_cond"].Values);
        Assert.Equal(1, unet[0].Inputs["sample"].Shape[0]);
        Assert.Single(runs, r => r.Component == "text_encoder");
    }
}
