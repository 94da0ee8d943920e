using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class PastedParametersTests
{
    private const string Infotext =
        "a watercolor fox, (autumn:1.2)\nNegative prompt: blurry, lowres\n" +
        "Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234, Size: 512x768, Model: stable-diffusion-v1-5, RNG: NV, Version: v1.10.0";

    private static readonly FakeModelCatalog Limits = new();

    private static PastedParameters Apply(ImagineOptions options)
    {
        var result = PastedParameters.Apply(options, Limits);
        Assert.True(result.Success, result.Error);
        return result.Value;
    }

    [Fact]
    public void Apply_FullInfotext_FillsEveryOption()
    {
        var applied = Apply(new ImagineOptions("") { Parameters = Infotext });

        var o = applied.Options;
        Assert.Equal(("a watercolor fox, (autumn:1.2)", "blurry, lowres"), (o.Prompt, o.Negative));
        Assert.Equal((30L, 6.5, 1234L, "512x768"), (o.Steps!.Value, o.Guidance!.Value, o.Seed!.Value, o.Size));
        Assert.Equal(("dpm++2m-karras", "stable-diffusion-v1-5", "nv"), (o.Scheduler, o.Model, o.NoiseSource));
        Assert.Empty(applied.NotUsed);
        Assert.Null(applied.NotUsedNotice);
    }

    [Fact]
    public void Apply_ExplicitOptions_WinOverPastedOnes()
    {
        var given = new ImagineOptions("a red boat") { Negative = "text", Steps = 10, Seed = 7, Scheduler = "ddim", Parameters = Infotext };

        var o = Apply(given).Options;

        Assert.Equal(("a red boat", "text", 10L, 7L, "ddim"), (o.Prompt, o.Negative, o.Steps!.Value, o.Seed!.Value, o.Scheduler));
        Assert.Equal((6.5, "512x768"), (o.Guidance!.Value, o.Size));
    }

    [Fact]
    public void Apply_FieldsTheBotCannotHonour_AreListedAndLeftToDefaults()
    {
        const string text = "a cat\nSteps: 80, Sampler: DPM++ SDE, Schedule type: Exponential, CFG scale: 7, Seed: 5, Size: 1024x1024, " +
                            "Model hash: abc123, Model: sdxl-turbo, Clip skip: 2, Hires upscale: 2, Denoising strength: 0.4";

        var applied = Apply(new ImagineOptions("") { Parameters = text });

        var o = applied.Options;
        Assert.Equal(("a cat", 7.0, 5L), (o.Prompt, o.Guidance!.Value, o.Seed!.Value));
        Assert.Null(o.Steps);
        Assert.Null(o.Size);
        Assert.Null(o.Scheduler);
        Assert.Null(o.Model);
        var notUsed = string.Join("\n", applied.NotUsed);
        foreach (var expected in new[] { "Steps: 80", "Sampler: DPM++ SDE", "Schedule type: Exponential", "Size: 1024x1024", "Model hash: abc123",
                                         "Model: sdxl-turbo", "Clip skip: 2", "Hires upscale: 2", "Denoising strength: 0.4" })
        {
            Assert.Contains(expected, notUsed, StringComparison.Ordinal);
        }

        Assert.StartsWith("Not used from the pasted parameters:", applied.NotUsedNotice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just a plain prompt", "no settings line")]
    [InlineData("a cat\nSteps: many, Sampler: Euler, CFG scale: 7, Seed: 1", "`Steps: many` is not a whole number")]
    [InlineData("a cat\nSteps: 20, Sampler: Euler, CFG scale: 7, Size: big", "`Size: big` is not a size")]
    [InlineData("a cat\nSteps: 20, Sampler: Euler, CFG scale: lots", "`CFG scale: lots` is not a number")]
    [InlineData("Negative prompt: ugly\nSteps: 20, Sampler: Euler, CFG scale: 7", "no prompt")]
    public void Apply_Malformed_FailsNamingTheProblem(string text, string problem)
    {
        var result = PastedParameters.Apply(new ImagineOptions("") { Parameters = text }, Limits);

        Assert.False(result.Success);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_NoParameters_ReturnsOptionsUnchanged()
    {
        var given = new ImagineOptions("a dog") { Steps = 3 };

        var applied = Apply(given);

        Assert.Same(given, applied.Options);
        Assert.Empty(applied.NotUsed);
    }

    [Fact]
    public void Apply_WrittenByTheBot_RoundTripsItsOwnSettings()
    {
        var written = new GenerationInfotext
        {
            Prompt = "a lighthouse",
            NegativePrompt = "fog",
            Steps = 12,
            Scheduler = "lms",
            Guidance = 4.0,
            Seed = 99,
            Width = 768,
            Height = 512,
            Model = "stable-diffusion-v1-5",
            NoiseSource = "cpu",
            Version = "DiffusionBot 1.0.0",
        }.Format();

        var applied = Apply(new ImagineOptions("") { Parameters = written });

        var o = applied.Options;
        Assert.Equal(("a lighthouse", "fog", 12L, "lms", 4.0, 99L, "768x512", "cpu"), (o.Prompt, o.Negative, o.Steps!.Value, o.Scheduler, o.Guidance!.Value, o.Seed!.Value, o.Size, o.NoiseSource));
        Assert.Empty(applied.NotUsed);
    }
}
