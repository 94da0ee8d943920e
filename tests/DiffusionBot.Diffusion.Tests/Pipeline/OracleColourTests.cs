using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>The known-answer model decodes a prompt to the colour OracleSpec predicts. Deterministic schedulers land
/// within <see cref="Tolerance"/> byte levels of the prediction (float32 rounding through the loop).</summary>
public sealed class OracleColourTests(DemoModelFolders models)
{
    private const int Tolerance = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_Red_DecodesToOracleRed()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var result = await engine.GenerateAsync(new GenerationRequest("red", Seed: 1, Steps: 20, Width: 64, Height: 64, Scheduler: "euler"), null, Ct);

        Assert.Equal((255, 0, 0), OracleSpec.ExpectedDecodedRgb("red", "", 7.5));
        Pixels.AssertUniform(result.Images[0].Png, OracleSpec.ExpectedDecodedRgb("red", "", 7.5), Tolerance);
        Assert.Equal(64, result.Width);
        Assert.Equal("euler", result.SchedulerName);
    }

    [Theory]
    [InlineData("grey", "black", 1.5)]
    [InlineData("pink", "grey", 1.5)]
    [InlineData("sky", "blue", 2.0)]
    [InlineData("grey", "black", 1.0)]
    [InlineData("grey", "black", 0.5)]
    [InlineData("orange", "", 1.25)]
    public async Task GenerateAsync_NegativePromptAndGuidance_MoveColourAsCfgFormulaSays(string prompt, string negative, double guidance)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, negative, Seed: 3, Steps: 12, Guidance: guidance, Width: 32, Height: 32, Scheduler: "euler"), null, Ct);

        Pixels.AssertUniform(result.Images[0].Png, OracleSpec.ExpectedDecodedRgb(prompt, negative, guidance), Tolerance);
    }

    [Fact]
    public async Task GenerateAsync_GuidanceAtMostOne_IgnoresNegativePrompt()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var with = await engine.GenerateAsync(new GenerationRequest("pink", "black", Seed: 5, Steps: 6, Guidance: 1, Width: 32, Height: 32, Scheduler: "euler"), null, Ct);
        var without = await engine.GenerateAsync(new GenerationRequest("pink", null, Seed: 5, Steps: 6, Guidance: 1, Width: 32, Height: 32, Scheduler: "euler"), null, Ct);

        Assert.Equal(without.Images[0].Png, with.Images[0].Png);
    }

    [Theory]
    [InlineData("euler", 4)]
    [InlineData("euler", 10)]
    [InlineData("euler", 25)]
    [InlineData("dpm++2m", 4)]
    [InlineData("dpm++2m", 10)]
    [InlineData("dpm++2m", 25)]
    [InlineData("dpm++2m-karras", 4)]
    [InlineData("dpm++2m-karras", 10)]
    [InlineData("dpm++2m-karras", 25)]
    [InlineData("lms", 4)]
    [InlineData("lms", 10)]
    [InlineData("lms", 25)]
    [InlineData("euler_a", 10)]
    [InlineData("lcm", 4)]
    public async Task GenerateAsync_EveryScheduler_ReachesOracleTarget(string scheduler, int steps)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var result = await engine.GenerateAsync(new GenerationRequest("pink", "grey", Seed: 11, Steps: steps, Guidance: 1.5, Width: 32, Height: 32, Scheduler: scheduler), null, Ct);

        Pixels.AssertUniform(result.Images[0].Png, OracleSpec.ExpectedDecodedRgb("pink", "grey", 1.5), Tolerance);
    }

    /// <summary>DDIM with Stable Diffusion's set_alpha_to_one = false ends at ᾱ₀ = 0.99915, not 1, so (as in diffusers)
    /// √(1 − ᾱ₀)·ε ≈ 0.029·ε of noise stays in the latent (≈ ±20 byte levels per pixel after decoding). The mean
    /// colour over a 256×256 image still lands within 3 levels of the target.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(25)]
    public async Task GenerateAsync_Ddim_MeanColourReachesOracleTarget(int steps)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var result = await engine.GenerateAsync(new GenerationRequest("grey", "black", Seed: 11, Steps: steps, Guidance: 1.5, Width: 256, Height: 256, Scheduler: "ddim"), null, Ct);

        var expected = OracleSpec.ExpectedDecodedRgb("grey", "black", 1.5);
        var mean = Pixels.MeanColor(Pixels.Decode(result.Images[0].Png));
        Assert.InRange(mean.R, expected.R - 3, expected.R + 3);
        Assert.InRange(mean.G, expected.G - 3, expected.G + 3);
        Assert.InRange(mean.B, expected.B - 3, expected.B + 3);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("pink")]
    public async Task GenerateAsync_Int64TimestepModel_ReachesTarget(string prompt)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Int64Timestep);

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, Seed: 2, Steps: 10, Guidance: 1, Width: 32, Height: 32, Scheduler: "dpm++2m"), null, Ct);

        Pixels.AssertUniform(result.Images[0].Png, OracleSpec.ExpectedDecodedRgb(prompt, "", 1), Tolerance);
    }

    /// <summary>float16 tensors carry ~3 significant digits, so the tolerance is wider (4 byte levels).</summary>
    [Theory]
    [InlineData("red")]
    [InlineData("pink")]
    public async Task GenerateAsync_Float16Model_ReachesTarget(string prompt)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Float16);

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, "grey", Seed: 2, Steps: 10, Guidance: 1.5, Width: 32, Height: 32, Scheduler: "euler"), null, Ct);

        Pixels.AssertUniform(result.Images[0].Png, OracleSpec.ExpectedDecodedRgb(prompt, "grey", 1.5), 4);
    }

    [Fact]
    public async Task GenerateAsync_Magenta_IsFlaggedBySafetyChecker()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var magenta = await engine.GenerateAsync(new GenerationRequest("magenta", Seed: 1, Steps: 4, Guidance: 1, Width: 32, Height: 32, Scheduler: "ddim"), null, Ct);
        var purple = await engine.GenerateAsync(new GenerationRequest("purple", Seed: 1, Steps: 4, Guidance: 1, Width: 32, Height: 32, Scheduler: "ddim"), null, Ct);

        Assert.True(magenta.SafetyChecked);
        Assert.True(magenta.Images[0].Nsfw);
        Assert.True(magenta.AnyNsfw);
        Assert.False(purple.Images[0].Nsfw);
    }

    [Fact]
    public async Task GenerateAsync_ModelWithoutSafetyChecker_FlagsNothing()
    {
        var engine = await models.EngineAsync(DemoModelFolders.NoExtras);

        var result = await engine.GenerateAsync(new GenerationRequest("magenta", Seed: 1, Steps: 4, Guidance: 1, Width: 32, Height: 32, Scheduler: "ddim"), null, Ct);

        Assert.False(result.SafetyChecked);
        Assert.False(result.Images[0].Nsfw);
    }
}
