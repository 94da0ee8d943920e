using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Expected values from diffusers tests/schedulers/test_scheduler_ddim.py; tolerances are diffusers' own
/// (|sum − expected| &lt; 1e-2, |mean − expected| &lt; 1e-3).</summary>
public sealed class DdimSchedulerTests
{
    private static SchedulerConfig TestConfig => LinearConfig() with { ClipSample = true };

    [Theory]
    [InlineData(PredictionType.Epsilon, 0.0001, true, 172.0067, 0.223967)]
    [InlineData(PredictionType.VPrediction, 0.0001, true, 52.5302, 0.0684)]
    [InlineData(PredictionType.Epsilon, 0.01, true, 149.8295, 0.1951)]
    [InlineData(PredictionType.Epsilon, 0.01, false, 149.0784, 0.1941)]
    public void FullLoop_DiffusersConfig_MatchesDiffusersSums(
        PredictionType prediction, double betaStart, bool setAlphaToOne, double expectedSum, double expectedMean)
    {
        var config = TestConfig with { PredictionType = prediction, BetaStart = betaStart, SetAlphaToOne = setAlphaToOne };
        var sample = UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Ddim, config), 10);

        Assert.Equal(expectedSum, SumAbs(sample), 0.01);
        Assert.Equal(expectedMean, MeanAbs(sample), 0.001);
    }

    [Fact]
    public void FullLoop_WithAddNoiseFromStepEight_MatchesDiffusers()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, TestConfig);
        scheduler.SetTimesteps(10);
        var sample = DummySampleDeter();
        const int Start = 8;
        scheduler.AddNoise(sample, DummyNoiseDeter(), Start, sample);
        var residual = new float[sample.Length];
        var noise = new FakeGaussianNoise(1);
        for (var i = Start; i < scheduler.Timesteps.Length; i++)
        {
            DummyModel(sample, scheduler.Timesteps[i], residual);
            scheduler.Step(residual, i, sample, noise);
        }

        Assert.Equal(354.5418, SumAbs(sample), 0.01);
        Assert.Equal(0.4616, MeanAbs(sample), 0.001);
        Assert.Equal(0, noise.Draws);
    }

    [Fact]
    public void SetTimesteps_StepsOffsetOne_MatchesDiffusers()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, TestConfig with { StepsOffset = 1 });
        scheduler.SetTimesteps(5);

        Assert.Equal([801f, 601f, 401f, 201f, 1f], scheduler.Timesteps.ToArray());
    }

    [Theory]
    [InlineData(TimestepSpacing.Leading, 10, new float[] { 900, 800, 700, 600, 500, 400, 300, 200, 100, 0 })]
    [InlineData(TimestepSpacing.Trailing, 10, new float[] { 999, 899, 799, 699, 599, 499, 399, 299, 199, 99 })]
    [InlineData(TimestepSpacing.Trailing, 3, new float[] { 999, 666, 332 })]
    [InlineData(TimestepSpacing.Linspace, 4, new float[] { 999, 666, 333, 0 })]
    public void SetTimesteps_Spacing_MatchesNumpyFormulas(TimestepSpacing spacing, int steps, float[] expected)
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, TestConfig with { TimestepSpacing = spacing });
        scheduler.SetTimesteps(steps);

        Assert.Equal(expected, scheduler.Timesteps.ToArray());
    }

    [Fact]
    public void SetTimesteps_StableDiffusionFiftySteps_LeadingWithOffset()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, SchedulerConfig.StableDiffusionDefault);
        scheduler.SetTimesteps(50);

        Assert.Equal(50, scheduler.Timesteps.Length);
        Assert.Equal(981f, scheduler.Timesteps[0]);
        Assert.Equal(1f, scheduler.Timesteps[^1]);
        Assert.Equal(1f, scheduler.InitNoiseSigma);
    }

    [Fact]
    public void FinalAlphaCumprod_SetAlphaToOneFalse_IsFirstAlphaProduct()
    {
        var scheduler = (DdimScheduler)SchedulerFactory.Create(SchedulerKind.Ddim, SchedulerConfig.StableDiffusionDefault);

        // alphas_cumprod[0] = 1 − 0.00085 (float32).
        Assert.Equal(0.99915f, scheduler.FinalAlphaCumprod, 1e-6f);
    }

    [Fact]
    public void Step_Deterministic_NeverDrawsNoise()
    {
        var noise = new FakeGaussianNoise(3);
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, TestConfig);

        UnscaledLoop(scheduler, 10, noise);

        Assert.Equal(0, noise.Draws);
        Assert.False(scheduler.UsesStepNoise);
    }
}
