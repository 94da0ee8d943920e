using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Expected values from diffusers tests/schedulers/test_scheduler_euler.py (num_train_timesteps 1100, linear
/// 0.0001..0.02, 10 steps); tolerances are diffusers' own (sum 1e-2, mean 1e-3).</summary>
public sealed class EulerSchedulerTests
{
    [Theory]
    [InlineData(PredictionType.Epsilon, false, 10.0807, 0.0131)]
    [InlineData(PredictionType.VPrediction, false, 0.0002, 2.2676e-06)]
    [InlineData(PredictionType.Epsilon, true, 124.52299499511719, 0.16213932633399963)]
    public void FullLoop_DiffusersConfig_MatchesDiffusersSums(PredictionType prediction, bool karras, double expectedSum, double expectedMean)
    {
        var config = LinearConfig(1100) with { PredictionType = prediction, UseKarrasSigmas = karras };
        var sample = ScaledLoop(SchedulerFactory.Create(SchedulerKind.Euler, config), 10);

        Assert.Equal(expectedSum, SumAbs(sample), 0.01);
        Assert.Equal(expectedMean, MeanAbs(sample), 0.001);
    }

    [Fact]
    public void SetTimesteps_FinalSigmaMin_EndsAtSmallestTrainingSigma()
    {
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create(
            SchedulerKind.Euler, SchedulerConfig.StableDiffusionDefault with { FinalSigmasType = FinalSigmasType.SigmaMin });
        scheduler.SetTimesteps(10);

        Assert.Equal(scheduler.Schedule.TrainSigmas[0], scheduler.Sigmas[^1]);
        Assert.Equal(0.0292, scheduler.Sigmas[^1], 1e-3);
    }

    [Fact]
    public void SetTimesteps_Linspace_FractionalTimestepsAndFinalZeroSigma()
    {
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Euler, LinearConfig(1100));
        scheduler.SetTimesteps(10);

        // np.linspace(0, 1099, 10)[::-1] = 1099, 976.888…, …, 0
        Assert.Equal(1099f, scheduler.Timesteps[0]);
        Assert.Equal(976.8889f, scheduler.Timesteps[1], 1e-3f);
        Assert.Equal(0f, scheduler.Timesteps[^1]);
        Assert.Equal(11, scheduler.Sigmas.Length);
        Assert.Equal(0f, scheduler.Sigmas[^1]);
        Assert.Equal(scheduler.Sigmas[0], scheduler.InitNoiseSigma);
    }

    [Fact]
    public void SetTimesteps_StableDiffusionLinspace_SigmaRangeMatchesKnownValues()
    {
        // The SD 1.5 schedule's sigmas run from 14.6146 (t = 999) down to 0.0292 (t = 0); tolerance 1e-3.
        var config = SchedulerConfig.StableDiffusionDefault with { TimestepSpacing = TimestepSpacing.Linspace };
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Euler, config);
        scheduler.SetTimesteps(20);

        Assert.Equal(14.6146, scheduler.Sigmas[0], 1e-3);
        Assert.Equal(0.0292, scheduler.Sigmas[^2], 1e-3);
        Assert.Equal(14.6146, scheduler.InitNoiseSigma, 1e-3);
    }

    [Fact]
    public void InitNoiseSigma_LeadingSpacing_IsSqrtOfSigmaSquaredPlusOne()
    {
        var config = SchedulerConfig.StableDiffusionDefault with { TimestepSpacing = TimestepSpacing.Leading };
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Euler, config);
        scheduler.SetTimesteps(50);
        var sigma = scheduler.Sigmas[0];

        Assert.Equal(981f, scheduler.Timesteps[0]);
        Assert.Equal(MathF.Sqrt((sigma * sigma) + 1f), scheduler.InitNoiseSigma, 1e-6f);
    }

    [Fact]
    public void SetTimesteps_Karras_SigmasFollowRhoSevenRampAndTimestepsInvertThem()
    {
        var config = SchedulerConfig.StableDiffusionDefault with { TimestepSpacing = TimestepSpacing.Linspace, UseKarrasSigmas = true };
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Euler, config);
        scheduler.SetTimesteps(10);

        // Ends are the linspace sigma range; timesteps of the end points are the training end points (tolerance 1e-2).
        Assert.Equal(14.6146, scheduler.Sigmas[0], 1e-3);
        Assert.Equal(0.0292, scheduler.Sigmas[9], 1e-3);
        Assert.Equal(999, scheduler.Timesteps[0], 1e-2);
        Assert.Equal(0, scheduler.Timesteps[9], 1e-2);
        Assert.True(scheduler.Timesteps[5] % 1 != 0, "Karras timesteps are fractional");
    }
}

/// <summary>Euler ancestral: diffusers' expected sums depend on torch's RNG, so these tests check the determinism
/// contract with the fake noise, and the σ_up/σ_down algebra.</summary>
public sealed class EulerAncestralSchedulerTests
{
    [Fact]
    public void FullLoop_SameSeed_IdenticalOutput()
    {
        var first = ScaledLoop(SchedulerFactory.Create(SchedulerKind.EulerAncestral, LinearConfig(1100)), 10, new FakeGaussianNoise(42));
        var second = ScaledLoop(SchedulerFactory.Create(SchedulerKind.EulerAncestral, LinearConfig(1100)), 10, new FakeGaussianNoise(42));

        Assert.Equal(first, second);
    }

    [Fact]
    public void FullLoop_DifferentSeed_DifferentOutput()
    {
        var first = ScaledLoop(SchedulerFactory.Create(SchedulerKind.EulerAncestral, LinearConfig(1100)), 10, new FakeGaussianNoise(1));
        var second = ScaledLoop(SchedulerFactory.Create(SchedulerKind.EulerAncestral, LinearConfig(1100)), 10, new FakeGaussianNoise(2));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void FullLoop_DrawsNoiseEveryStep()
    {
        var noise = new FakeGaussianNoise(5);
        var scheduler = SchedulerFactory.Create(SchedulerKind.EulerAncestral, LinearConfig(1100));

        ScaledLoop(scheduler, 10, noise);

        Assert.Equal(10, noise.Draws);
        Assert.True(scheduler.UsesStepNoise);
    }

    [Fact]
    public void Step_ZeroNoise_EqualsEulerStepToSigmaDown()
    {
        // With zero noise one ancestral step is an Euler step from σ to σ_down = sqrt(σ_to² − σ_up²); tolerance 1e-6 relative.
        var scheduler = (EulerAncestralDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.EulerAncestral, LinearConfig());
        scheduler.SetTimesteps(10);
        var sample = DummySampleDeter();
        var model = DummyNoiseDeter();
        double from = scheduler.Sigmas[0];
        double to = scheduler.Sigmas[1];
        var up = Math.Sqrt(to * to * ((from * from) - (to * to)) / (from * from));
        var down = Math.Sqrt((to * to) - (up * up));
        var expected = new float[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            expected[i] = (float)(sample[i] + (model[i] * (down - from)));
        }

        scheduler.Step(model, 0, sample, new ZeroNoise());

        for (var i = 0; i < sample.Length; i++)
        {
            Assert.Equal(expected[i], sample[i], Math.Max(1e-6f, Math.Abs(expected[i]) * 1e-6f));
        }
    }

    private sealed class ZeroNoise : DiffusionBot.Diffusion.Randomness.IGaussianNoise
    {
        public void Fill(Span<float> destination) => destination.Clear();
    }
}
