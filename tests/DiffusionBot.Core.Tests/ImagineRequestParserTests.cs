using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class ImagineRequestParserTests
{
    private static Validated<Jobs.JobParameters> Parse(UserSettings? settings = null, params (string, object)[] options)
    {
        using var h = new CoreHarness();
        var values = options.ToDictionary(o => o.Item1, o => o.Item2);
        return h.Get<ImagineRequestParser>().Parse(values, settings ?? UserSettings.None);
    }

    [Fact]
    public void Parse_PromptOnly_UsesConfiguredDefaultsAndRandomSeed()
    {
        var result = Parse(null, ("prompt", "  a lighthouse at dawn "));
        Assert.True(result.Success, result.Error);
        var p = result.Value;
        Assert.Equal("a lighthouse at dawn", p.Prompt);
        Assert.Equal((25, 7.5, 512, 512, 1, "stable-diffusion-v1-5", "euler_a"), (p.Steps, p.Guidance, p.Width, p.Height, p.Count, p.Model, p.Scheduler));
        Assert.Equal(1001, p.Seed);
        Assert.Null(p.NegativePrompt);
    }

    [Fact]
    public void Parse_NewJob_RecordsTheGeneratorsNoiseSource()
    {
        using var h = new CoreHarness();
        h.NoiseSource.Name = "nv";

        var result = h.Get<ImagineRequestParser>().Parse(new Dictionary<string, object> { ["prompt"] = "cat" }, UserSettings.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal("nv", result.Value.NoiseSource);
    }

    [Fact]
    public void Parse_AllOptions_TakesThem()
    {
        var result = Parse(null, ("prompt", "cat"), ("negative", "blurry"), ("seed", 42L), ("steps", 30L), ("guidance", 5.5),
            ("size", "768x512"), ("count", 4L), ("model", "STABLE-DIFFUSION-V1-5"), ("scheduler", "ddim"));
        Assert.True(result.Success, result.Error);
        var p = result.Value;
        Assert.Equal(("blurry", 42L, 30, 5.5, 768, 512, 4, "stable-diffusion-v1-5", "ddim"), (p.NegativePrompt, p.Seed, p.Steps, p.Guidance, p.Width, p.Height, p.Count, p.Model, p.Scheduler));
    }

    [Fact]
    public void Parse_UserSettings_FillMissingOptions()
    {
        var result = Parse(new UserSettings("ugly", "512x768", "lms"), ("prompt", "cat"));
        Assert.True(result.Success, result.Error);
        Assert.Equal(("ugly", 512, 768, "lms"), (result.Value.NegativePrompt, result.Value.Width, result.Value.Height, result.Value.Scheduler));
    }

    [Fact]
    public void Parse_StaleUserSetting_FallsBackToDefault()
    {
        var result = Parse(new UserSettings(null, "999x999", "gone"), ("prompt", "cat"));
        Assert.True(result.Success, result.Error);
        Assert.Equal((512, "euler_a"), (result.Value.Width, result.Value.Scheduler));
    }

    [Theory]
    [InlineData("steps", 10000L, "Steps must be between 1 and 50 (you asked for 10000)")]
    [InlineData("steps", 0L, "Steps must be between 1 and 50")]
    [InlineData("steps", "many", "'steps' must be a whole number")]
    [InlineData("count", 5L, "Count must be between 1 and 4")]
    [InlineData("count", 0L, "Count must be between 1 and 4")]
    [InlineData("guidance", 50.0, "Guidance must be between 0 and 20")]
    [InlineData("seed", -1L, "seed must be between 0 and 4294967295")]
    [InlineData("size", "1000x1000", "Unknown size '1000x1000'. Choose one of: 512x512, 512x768, 768x512, 768x768")]
    [InlineData("model", "sdxl", "Unknown model 'sdxl'")]
    [InlineData("scheduler", "magic", "Unknown scheduler 'magic'. Choose one of: euler_a")]
    [InlineData("style", "anime", "Unknown option 'style'")]
    [InlineData("negative", 5L, "'negative' must be text")]
    public void Parse_BadOption_GivesClearError(string name, object value, string expected)
    {
        var result = Parse(null, ("prompt", "cat"), (name, value));
        Assert.False(result.Success);
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_EmptyPrompt_GivesClearError(string prompt)
    {
        var result = Parse(null, ("prompt", prompt));
        Assert.False(result.Success);
        Assert.StartsWith("The prompt is empty", result.Error);
    }

    [Fact]
    public void Parse_MissingPrompt_GivesClearError()
    {
        var result = Parse(null);
        Assert.StartsWith("The prompt is empty", result.Error);
    }

    [Fact]
    public void Parse_FourThousandCharacterPrompt_RefusedWithLengthAndLimit()
    {
        var result = Parse(null, ("prompt", new string('a', 4000)));
        Assert.False(result.Success);
        Assert.Equal("The prompt is 4000 characters long; the limit is 1000. Please shorten it.", result.Error);
    }
}
