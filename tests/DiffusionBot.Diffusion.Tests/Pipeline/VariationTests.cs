using DiffusionBot.Core.Ports;
using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

public sealed class VariationTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] SolidPng(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = r;
            image.Pixels[i + 1] = g;
            image.Pixels[i + 2] = b;
        }

        return PngCodec.Encode(image);
    }

    [Fact]
    public async Task VaryAsync_HalfStrength_RunsHalfTheStepsAndReachesPromptColourAtSourceSize()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);
        var reports = new List<DiffusionProgress>();

        var result = await engine.VaryAsync(new VariationRequest(SolidPng(100, 70, 0, 0, 255), "red", Strength: 0.5, Seed: 9, Steps: 10, Guidance: 1, Scheduler: "euler"),
            new InlineRecorder(reports), Ct);

        Assert.Equal((96, 64), (result.Width, result.Height));
        Assert.Equal(5, reports.Count);
        Assert.All(reports, r => Assert.Equal(5, r.TotalSteps));
        Pixels.AssertUniform(result.Images[0].Png, OracleSpec.ExpectedDecodedRgb("red", "", 1), 2);
    }

    [Fact]
    public async Task VaryAsync_LowStrengthOnTextureModel_StaysCloserToSourceThanFullStrength()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);
        var source = SolidPng(64, 64, 40, 40, 200);

        var low = await engine.VaryAsync(new VariationRequest(source, "grey", Strength: 0.3, Seed: 4, Steps: 10, Guidance: 1, Scheduler: "euler"), null, Ct);
        var full = await engine.VaryAsync(new VariationRequest(source, "grey", Strength: 1.0, Seed: 4, Steps: 10, Guidance: 1, Scheduler: "euler"), null, Ct);

        Assert.NotEqual(low.Images[0].Png, full.Images[0].Png);
        Assert.Equal(2, (await engine.VaryAsync(new VariationRequest(source, "grey", Strength: 0.3, Seed: 4, Steps: 10, Count: 2, Guidance: 1, Scheduler: "euler"), null, Ct)).Images.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-0.2)]
    public async Task VaryAsync_StrengthOutOfRange_IsRejected(double strength)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.VaryAsync(new VariationRequest(SolidPng(32, 32, 1, 2, 3), "red", Strength: strength), null, Ct));

        Assert.Contains("Strength", error.Message);
    }

    [Fact]
    public async Task VaryAsync_StrengthTooSmallForSteps_IsRejectedClearly()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.VaryAsync(new VariationRequest(SolidPng(32, 32, 1, 2, 3), "red", Strength: 0.05, Steps: 10), null, Ct));

        Assert.Contains("leaves no denoising step", error.Message);
    }

    [Fact]
    public async Task VaryAsync_Lcm_RunsEveryStepOfTheStrengthSchedule()
    {
        // diffusers' LCM img2img: set_timesteps(4, strength=0.6) = [599, 459, 299, 159], all four run (the generic
        // cut would run only the last two of the full [999, 759, 499, 259]).
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);
        var reports = new List<DiffusionProgress>();

        await engine.VaryAsync(new VariationRequest(SolidPng(32, 32, 0, 0, 255), "red", Strength: 0.6, Seed: 3, Steps: 4, Guidance: 1, Scheduler: "lcm"),
            new InlineRecorder(reports), Ct);

        Assert.Equal(4, reports.Count);
        Assert.All(reports, r => Assert.Equal(4, r.TotalSteps));
    }

    [Fact]
    public async Task VaryAsync_LcmStrengthKeepsTooFewTimesteps_IsRejectedClearly()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.VaryAsync(new VariationRequest(SolidPng(32, 32, 1, 2, 3), "red", Strength: 0.15, Steps: 8, Scheduler: "lcm"), null, Ct));

        Assert.Contains("Strength 0.15", error.Message);
        Assert.Contains("lower the steps or raise the strength", error.Message);
    }

    [Fact]
    public async Task VaryAsync_NotAnImage_IsRejected()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.VaryAsync(new VariationRequest(new byte[] { 1, 2, 3, 4 }, "red"), null, Ct));

        Assert.Contains("could not be decoded", error.Message);
    }

    private sealed class InlineRecorder(List<DiffusionProgress> reports) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value) => reports.Add(value);
    }
}
