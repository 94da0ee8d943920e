using DiffusionBot.Bot.Interactions;
using DiffusionBot.Core.Commands;

namespace DiffusionBot.Tests.Bot;

public sealed class InteractionMappingTests
{
    [Fact]
    public void ToImagineOptions_EveryOption_LandsInItsTypedField()
    {
        var values = new Dictionary<string, object>
        {
            ["prompt"] = "a fox",
            ["negative"] = "blurry",
            ["seed"] = 42L,
            ["steps"] = 30L,
            ["guidance"] = 5.5,
            ["size"] = "768x512",
            ["count"] = 4L,
            ["model"] = "sd15",
            ["scheduler"] = "ddim",
            ["strength"] = 0.35,
            ["image"] = "1200000000000000001",
        };

        var mapped = InteractionMapping.ToImagineOptions(values);

        Assert.True(mapped.Success, mapped.Error);
        Assert.Equal(new ImagineOptions("a fox")
        {
            Negative = "blurry",
            Seed = 42,
            Steps = 30,
            Guidance = 5.5,
            Size = "768x512",
            Count = 4,
            Model = "sd15",
            Scheduler = "ddim",
            Strength = 0.35,
        }, mapped.Value);
    }

    [Fact]
    public void ToImagineOptions_WholeGuidance_IsANumber()
    {
        var mapped = InteractionMapping.ToImagineOptions(new Dictionary<string, object> { ["prompt"] = "x", ["guidance"] = 7L });
        Assert.Equal(7.0, mapped.Value!.Guidance);
    }

    [Fact]
    public void ToImagineOptions_Parameters_IsCarriedAsText()
    {
        var mapped = InteractionMapping.ToImagineOptions(new Dictionary<string, object> { ["parameters"] = "a cat\nSteps: 3, Sampler: Euler, CFG scale: 7" });
        Assert.Equal(("", "a cat\nSteps: 3, Sampler: Euler, CFG scale: 7"), (mapped.Value!.Prompt, mapped.Value.Parameters));
    }

    [Theory]
    [InlineData("steps", "many", "Option 'steps' must be a whole number.")]
    [InlineData("seed", 1.5, "Option 'seed' must be a whole number.")]
    [InlineData("negative", 5L, "Option 'negative' must be text.")]
    [InlineData("guidance", "high", "Option 'guidance' must be a number.")]
    [InlineData("style", "anime", "Unknown option 'style'. Known options: prompt, negative, seed, steps, guidance, size, count, model, scheduler, parameters, image, strength.")]
    public void ToImagineOptions_WrongTypeOrName_GivesClearError(string name, object value, string expected)
    {
        var mapped = InteractionMapping.ToImagineOptions(new Dictionary<string, object> { ["prompt"] = "x", [name] = value });
        Assert.False(mapped.Success);
        Assert.Equal(expected, mapped.Error);
    }
}
