using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class ImagineRequestParserTests
{
    private static Validated<Jobs.JobParameters> Parse(ImagineOptions options, UserSettings? settings = null)
    {
        using var h = new CoreHarness();
        return h.Get<ImagineRequestParser>().Parse(options, settings ?? UserSettings.None);
    }

    [Fact]
    public void Parse_PromptOnly_UsesConfiguredDefaultsAndRandomSeed()
    {
        var result = Parse(new ImagineOptions("  a lighthouse at dawn "));
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

        var result = h.Get<ImagineRequestParser>().Parse(new ImagineOptions("cat"), UserSettings.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal("nv", result.Value.NoiseSource);
    }

    [Fact]
    public void Parse_AllOptions_TakesThem()
    {
        var result = Parse(new ImagineOptions("cat")
        {
            Negative = "blurry",
            Seed = 42,
            Steps = 30,
            Guidance = 5.5,
            Size = "768x512",
            Count = 4,
            Model = "STABLE-DIFFUSION-V1-5",
            Scheduler = "ddim",
        });
        Assert.True(result.Success, result.Error);
        var p = result.Value;
        Assert.Equal(("blurry", 42L, 30, 5.5, 768, 512, 4, "stable-diffusion-v1-5", "ddim"), (p.NegativePrompt, p.Seed, p.Steps, p.Guidance, p.Width, p.Height, p.Count, p.Model, p.Scheduler));
    }

    [Fact]
    public void Parse_UserSettings_FillMissingOptions()
    {
        var result = Parse(new ImagineOptions("cat"), new UserSettings("ugly", "512x768", "lms"));
        Assert.True(result.Success, result.Error);
        Assert.Equal(("ugly", 512, 768, "lms"), (result.Value.NegativePrompt, result.Value.Width, result.Value.Height, result.Value.Scheduler));
    }

    [Fact]
    public void Parse_StaleUserSetting_FallsBackToDefault()
    {
        var result = Parse(new ImagineOptions("cat"), new UserSettings(null, "999x999", "gone"));
        Assert.True(result.Success, result.Error);
        Assert.Equal((512, "euler_a"), (result.Value.Width, result.Value.Scheduler));
    }

    [Fact]
    public void Parse_TurboModelPromptOnly_TakesTheModelsOwnDefaultsNotTheBaseModels()
    {
        var result = Parse(new ImagineOptions("cat") { Model = "SD-Turbo" });
        Assert.True(result.Success, result.Error);
        Assert.Equal((1, 0.0, 256, 256, "sd-turbo", "euler"), (result.Value.Steps, result.Value.Guidance, result.Value.Width, result.Value.Height, result.Value.Model, result.Value.Scheduler));
    }

    [Fact]
    public void Parse_MemberDefaultSizeTheModelDoesNotAllow_UsesTheModelsDefault()
    {
        var result = Parse(new ImagineOptions("cat") { Model = "sd-turbo" }, new UserSettings(null, "512x768", "ddim"));
        Assert.True(result.Success, result.Error);
        Assert.Equal((256, 256, "ddim"), (result.Value.Width, result.Value.Height, result.Value.Scheduler));
    }

    public static TheoryData<ImagineOptions, string> BadOptions => new()
    {
        { new ImagineOptions("cat") { Steps = 10000 }, "Steps must be between 1 and 50 for stable-diffusion-v1-5 (you asked for 10000)" },
        { new ImagineOptions("cat") { Steps = 0 }, "Steps must be between 1 and 50" },
        { new ImagineOptions("cat") { Count = 5 }, "Count must be between 1 and 4" },
        { new ImagineOptions("cat") { Count = 0 }, "Count must be between 1 and 4" },
        { new ImagineOptions("cat") { Guidance = 50.0 }, "Guidance must be between 0 and 20" },
        { new ImagineOptions("cat") { Guidance = double.NaN }, "Guidance must be between 0 and 20" },
        { new ImagineOptions("cat") { Seed = -1 }, "seed must be between 0 and 4294967295" },
        { new ImagineOptions("cat") { Size = "1000x1000" }, "Unknown size '1000x1000' for stable-diffusion-v1-5. Choose one of: 512x512, 512x768, 768x512, 768x768" },
        { new ImagineOptions("cat") { Model = "sdxl" }, "Unknown model 'sdxl'. Choose one of: stable-diffusion-v1-5, sd-turbo (see `/models`)." },
        { new ImagineOptions("cat") { Model = "sd-turbo", Size = "512x512" }, "Unknown size '512x512' for sd-turbo. Choose one of: 256x256, 256x384, 384x256." },
        { new ImagineOptions("cat") { Model = "sd-turbo", Guidance = 7.5 }, "Guidance must be between 0 and 1 for sd-turbo (you asked for 7.5)." },
        { new ImagineOptions("cat") { Model = "sd-turbo", Steps = 25 }, "Steps must be between 1 and 4 for sd-turbo (you asked for 25)." },
        { new ImagineOptions("cat") { Scheduler = "magic" }, "Unknown scheduler 'magic' for stable-diffusion-v1-5. Choose one of: euler_a" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Parse_BadOption_GivesClearError(ImagineOptions options, string expected)
    {
        var result = Parse(options);
        Assert.False(result.Success);
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_EmptyPrompt_GivesClearError(string prompt)
    {
        var result = Parse(new ImagineOptions(prompt));
        Assert.False(result.Success);
        Assert.StartsWith("The prompt is empty", result.Error);
    }

    [Fact]
    public void Parse_FourThousandCharacterPrompt_RefusedWithLengthAndLimit()
    {
        var result = Parse(new ImagineOptions(new string('a', 4000)));
        Assert.False(result.Success);
        Assert.Equal("The prompt is 4000 characters long; the limit is 1000. Please shorten it.", result.Error);
    }
}
