using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>LCM: diffusers tests/schedulers/test_scheduler_lcm.py. The one-step loop draws no noise, so its expected
/// values (sum 18.7097 ± 1e-2, mean 0.0244 ± 1e-3) port exactly; the multistep value depends on torch's RNG and is
/// replaced by determinism checks with the fake noise.</summary>
public sealed class LcmSchedulerTests
{
    private static SchedulerConfig TestConfig => new()
    {
        NumTrainTimesteps = 1000,
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        BetaSchedule = BetaSchedule.ScaledLinear,
        PredictionType = PredictionType.Epsilon,
    };

    [Fact]
    public void FullLoop_OneStep_MatchesDiffusers()
    {
        var noise = new FakeGaussianNoise(0);
        var sample = UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig), 1, noise);

        Assert.Equal(18.7097, SumAbs(sample), 0.01);
        Assert.Equal(0.0244, MeanAbs(sample), 0.001);
        Assert.Equal(0, noise.Draws);
    }

    [Theory]
    [InlineData(1, new float[] { 999 })]
    [InlineData(4, new float[] { 999, 759, 499, 259 })]
    [InlineData(8, new float[] { 999, 879, 759, 639, 499, 379, 259, 139 })]
    public void SetTimesteps_OriginalFiftySteps_MatchesDiffusers(int steps, float[] expected)
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig);
        scheduler.SetTimesteps(steps);

        Assert.Equal(expected, scheduler.Timesteps.ToArray());
    }

    [Fact]
    public void FullLoop_FourSteps_DrawsNoiseBetweenStepsOnly()
    {
        var noise = new FakeGaussianNoise(9);

        UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig), 4, noise);

        Assert.Equal(3, noise.Draws);
    }

    [Fact]
    public void FullLoop_SameSeed_IdenticalOutput_DifferentSeed_Differs()
    {
        var a = UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig), 4, new FakeGaussianNoise(7));
        var b = UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig), 4, new FakeGaussianNoise(7));
        var c = UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig), 4, new FakeGaussianNoise(8));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SetTimesteps_MoreThanOriginalInferenceSteps_Throws()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(51));
        Assert.Contains("original_inference_steps", error.Message);
    }

    [Theory]
    [MemberData(nameof(DiffusersParityCases.LcmStrength), MemberType = typeof(DiffusersParityCases))]
    public void SetImageToImageTimesteps_Strength_MatchesDiffusersLcmImg2ImgSchedule(int steps, double strength, float[] expected)
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig);

        var start = scheduler.SetImageToImageTimesteps(steps, strength);

        Assert.Equal(0, start);
        Assert.Equal(steps, scheduler.InferenceSteps);
        Assert.Equal(expected, scheduler.Timesteps.ToArray());
    }

    [Fact]
    public void SetImageToImageTimesteps_StrengthKeepsFewerTimestepsThanSteps_ThrowsForStrength()
    {
        // int(50 · 0.1) = 5 distillation timesteps cannot hold 8 steps (diffusers raises the same).
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetImageToImageTimesteps(8, 0.1));
        Assert.Equal("strength", error.ParamName);
    }

    [Fact]
    public void SetTimesteps_AfterImageToImageSchedule_RestoresFullSchedule()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig);
        scheduler.SetImageToImageTimesteps(4, 0.6);

        scheduler.SetTimesteps(4);

        Assert.Equal([999f, 759f, 499f, 259f], scheduler.Timesteps.ToArray());
    }

    [Fact]
    public void FullLoop_ImageToImageSchedule_RunsEveryStepAndDrawsNoiseBetweenStepsOnly()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lcm, TestConfig);
        var start = scheduler.SetImageToImageTimesteps(4, 0.6);
        var sample = DummySampleDeter();
        scheduler.AddNoise(sample, DummyNoiseDeter(), start, sample);
        var residual = new float[sample.Length];
        var noise = new FakeGaussianNoise(2);

        for (var i = start; i < scheduler.Timesteps.Length; i++)
        {
            DummyModel(sample, scheduler.Timesteps[i], residual);
            scheduler.Step(residual, i, sample, noise);
        }

        Assert.Equal(3, noise.Draws);
        Assert.All(sample, v => Assert.True(float.IsFinite(v)));
    }
}
