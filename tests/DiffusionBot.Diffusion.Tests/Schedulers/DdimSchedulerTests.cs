using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Expected values from diffusers tests/schedulers/test_scheduler_ddim.py; tolerances are diffusers' own
/// (|sum − expected| &lt; 1e-2, |mean − expected| &lt; 1e-3). The eta &gt; 0 loops come from reference/diffusers_parity.py.</summary>
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

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(420, 400, 0.14771)]
    [InlineData(980, 960, 0.32460)]
    [InlineData(487, 486, 0.00979)]
    [InlineData(999, 998, 0.02)]
    public void Variance_DiffusersTestPoints_MatchDiffusers(int timestep, int previousTimestep, double expected)
    {
        // test_variance, tolerance 1e-5.
        var scheduler = (DdimScheduler)SchedulerFactory.Create(SchedulerKind.Ddim, TestConfig);

        Assert.Equal(expected, scheduler.Variance(timestep, previousTimestep), 1e-5);
    }

    [Theory]
    [MemberData(nameof(DiffusersParityCases.DdimEta), MemberType = typeof(DiffusersParityCases))]
    public void FullLoop_EtaWithGivenVarianceNoise_MatchesDiffusersFormula(
        string config, string prediction, double eta, double expectedSum, double expectedMean)
    {
        var baseConfig = config == "sd15" ? SchedulerConfig.StableDiffusionDefault : TestConfig;
        var predictionType = prediction == "epsilon" ? PredictionType.Epsilon : PredictionType.VPrediction;
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, baseConfig with { PredictionType = predictionType }, eta);

        var sample = UnscaledLoop(scheduler, 10, new RepeatingNoise(DummyNoiseDeter()));

        Assert.Equal(expectedSum, SumAbs(sample), 0.01);
        Assert.Equal(expectedMean, MeanAbs(sample), 0.001);
    }

    [Fact]
    public void Step_EtaAboveZero_DrawsOnEveryStepIncludingTheLast()
    {
        var noise = new FakeGaussianNoise(5);
        var scheduler = SchedulerFactory.Create(SchedulerKind.Ddim, SchedulerConfig.StableDiffusionDefault, ddimEta: 0.3);

        UnscaledLoop(scheduler, 10, noise);

        Assert.True(scheduler.UsesStepNoise);
        Assert.Equal(10, noise.Draws);
    }

    [Fact]
    public void FullLoop_EtaAboveZero_SameNoiseSeedReproduces_OtherSeedDiffers()
    {
        float[] Run(ulong seed) =>
            UnscaledLoop(SchedulerFactory.Create(SchedulerKind.Ddim, SchedulerConfig.StableDiffusionDefault, ddimEta: 1), 10, new FakeGaussianNoise(seed));

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Create_EtaOutsideZeroToOne_Throws(double eta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulerFactory.Create(SchedulerKind.Ddim, TestConfig, eta));
}
