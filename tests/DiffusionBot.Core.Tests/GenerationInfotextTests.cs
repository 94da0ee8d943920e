using DiffusionBot.Core.Infotext;

namespace DiffusionBot.Core.Tests;

public sealed class GenerationInfotextTests
{
    private static GenerationInfotext Sample() => new()
    {
        Prompt = "a cat, in a hat",
        NegativePrompt = "blurry, lowres",
        Steps = 20,
        Scheduler = "euler_a",
        Guidance = 7.5,
        Seed = 42,
        Width = 512,
        Height = 768,
        Model = "stable-diffusion-v1-5",
        NoiseSource = "cpu",
        Version = "DiffusionBot 1.0.0",
    };

    [Fact]
    public void Format_TextToImage_WritesTheWebUiLayoutAndOrder()
    {
        Assert.Equal(
            "a cat, in a hat\nNegative prompt: blurry, lowres\n" +
            "Steps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.5, Seed: 42, Size: 512x768, " +
            "Model: stable-diffusion-v1-5, RNG: CPU, Version: DiffusionBot 1.0.0",
            Sample().Format());
    }

    [Fact]
    public void Format_VariationWithoutNegative_WritesDenoisingStrengthAndPythonFloats()
    {
        var text = (Sample() with { NegativePrompt = null, Guidance = 7, DenoisingStrength = 0.6, NoiseSource = "nv", Version = null }).Format();

        Assert.Equal(
            "a cat, in a hat\nSteps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.0, Seed: 42, Size: 512x768, " +
            "Model: stable-diffusion-v1-5, Denoising strength: 0.6, RNG: NV",
            text);
    }

    [Theory]
    [InlineData("euler_a", "Sampler: Euler a, Schedule type: Automatic")]
    [InlineData("euler", "Sampler: Euler, Schedule type: Automatic")]
    [InlineData("ddim", "Sampler: DDIM, Schedule type: Automatic")]
    [InlineData("dpm++2m", "Sampler: DPM++ 2M, Schedule type: Uniform")]
    [InlineData("dpm++2m-karras", "Sampler: DPM++ 2M, Schedule type: Karras")]
    [InlineData("lms", "Sampler: LMS, Schedule type: Automatic")]
    [InlineData("lcm", "Sampler: LCM, Schedule type: Automatic")]
    public void Format_EachScheduler_UsesTheWebUiSamplerAndScheduleType(string scheduler, string expected)
    {
        var text = (Sample() with { Scheduler = scheduler }).Format();

        Assert.Contains("Steps: 20, " + expected + ", CFG scale: 7.5", text);
        Assert.Equal(scheduler, GenerationInfotext.Parse(text).Scheduler);
    }

    [Theory]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("time: noon", "\"time: noon\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("say \"hi\", \\o/", "\"say \\\"hi\\\", \\\\o/\"")]
    [InlineData("fuchsia ünïcode, ok", "\"fuchsia ünïcode, ok\"")]
    [InlineData("plain \"quotes\" stay", "plain \"quotes\" stay")]
    public void Format_ValueWithCommaColonOrNewline_IsJsonQuoted(string model, string written)
    {
        var text = (Sample() with { Model = model }).Format();

        Assert.Contains($"Model: {written}, RNG: CPU", text);
        Assert.Equal(model, GenerationInfotext.Parse(text).Model);
    }

    [Theory]
    [InlineData("cpu", "euler_a", null)]
    [InlineData("nv", "dpm++2m-karras", 0.35)]
    [InlineData("xoshiro", "dpm++2m", 1.0)]
    [InlineData("cpu", "lcm", 0.6)]
    public void Parse_WhatFormatWrote_GivesBackEveryField(string noiseSource, string scheduler, double? strength)
    {
        var written = Sample() with
        {
            Prompt = "line one, with: colon\nline two",
            NegativePrompt = "ugly\nsecond line",
            NoiseSource = noiseSource,
            Scheduler = scheduler,
            DenoisingStrength = strength,
            Seed = 4_294_967_295,
            OtherFields = [new("Postprocess upscale by", "2"), new("Postprocess upscaler", "SkiaSharp, Mitchell")],
        };

        var read = GenerationInfotext.Parse(written.Format());

        Assert.Equal(
            (written.Prompt, written.NegativePrompt, written.Steps, written.Scheduler, written.Guidance, written.Seed, written.Width, written.Height),
            (read.Prompt, read.NegativePrompt, read.Steps, read.Scheduler, read.Guidance, read.Seed, read.Width, read.Height));
        Assert.Equal((written.Model, written.DenoisingStrength, written.NoiseSource, written.Version), (read.Model, read.DenoisingStrength, read.NoiseSource, read.Version));
        Assert.Equal(written.OtherFields, read.OtherFields);
        Assert.Equal(written.Format(), read.Format());
    }

    [Fact]
    public void Parse_WebUiDocstringExample_ReadsFieldsAndKeepsUnknownOnes()
    {
        // The example in the web UI's parse_generation_parameters (an infotext from before "Schedule type" and "RNG").
        const string text =
            "girl with an artist's beret, determined, blue eyes, desert scene, computer monitors, heavy makeup, by Alphonse Mucha and Charlie Bowater, ((eyeshadow)), (coquettish), detailed, intricate\n" +
            "Negative prompt: ugly, fat, obese, chubby, (((deformed))), [blurry], bad anatomy, disfigured, poorly drawn face, mutation, mutated, (extra_limb), (ugly), (poorly drawn hands), messy drawing\n" +
            "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 965400086, Size: 512x512, Model hash: 45dee52b";

        var read = GenerationInfotext.Parse(text);

        Assert.StartsWith("girl with an artist's beret", read.Prompt);
        Assert.EndsWith("messy drawing", read.NegativePrompt);
        Assert.Equal((20, "euler_a", 7.0, 965400086L, 512, 512), (read.Steps!.Value, read.Scheduler, read.Guidance!.Value, read.Seed!.Value, read.Width!.Value, read.Height!.Value));
        Assert.Null(read.NoiseSource);
        Assert.Equal([new KeyValuePair<string, string>("Model hash", "45dee52b")], read.OtherFields);
    }

    [Theory]
    [InlineData("DPM++ 2M", "Karras", "dpm++2m-karras")]
    [InlineData("DPM++ 2M", "Automatic", "dpm++2m-karras")]
    [InlineData("DPM++ 2M", "Uniform", "dpm++2m")]
    [InlineData("DPM++ 2M", null, "dpm++2m")]
    [InlineData("DPM++ 2M Karras", null, "dpm++2m-karras")]
    [InlineData("Euler a", "Uniform", "euler_a")]
    [InlineData("Euler", "Karras", null)]
    [InlineData("Heun", "Automatic", null)]
    public void Parse_SamplerAndScheduleType_MapToTheBotsScheduler(string sampler, string? scheduleType, string? expected)
    {
        var type = scheduleType is null ? "" : $"Schedule type: {scheduleType}, ";
        var read = GenerationInfotext.Parse($"cat\nSteps: 20, Sampler: {sampler}, {type}CFG scale: 7, Seed: 1");

        Assert.Equal(expected, read.Scheduler);
        if (expected is null)
            Assert.Contains(new KeyValuePair<string, string>("Sampler", sampler), read.OtherFields);
    }

    [Theory]
    [InlineData("CPU", "cpu")]
    [InlineData("NV", "nv")]
    [InlineData("GPU", "nv")]
    [InlineData("xoshiro", "xoshiro")]
    [InlineData("Quantum", null)]
    public void Parse_RngField_MapsToNoiseSource(string rng, string? expected) =>
        Assert.Equal(expected, GenerationInfotext.Parse($"cat\nSteps: 20, Seed: 1, Size: 8x8, RNG: {rng}").NoiseSource);

    [Fact]
    public void Parse_LastLineWithFewerThanThreeFields_IsPartOfThePrompt()
    {
        var read = GenerationInfotext.Parse("a poster\nstyle: bold, colour: red");

        Assert.Equal("a poster\nstyle: bold, colour: red", read.Prompt);
        Assert.Null(read.Steps);
        Assert.Empty(read.OtherFields);
    }

    [Fact]
    public void Parse_MalformedNumbers_StayAsOtherFields()
    {
        var read = GenerationInfotext.Parse("cat\nSteps: many, Seed: 12, Size: big, CFG scale: 7.5");

        Assert.Null(read.Steps);
        Assert.Null(read.Width);
        Assert.Equal((12L, 7.5), (read.Seed!.Value, read.Guidance!.Value));
        Assert.Equal([new KeyValuePair<string, string>("Steps", "many"), new KeyValuePair<string, string>("Size", "big")], read.OtherFields);
    }
}
