using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Expected values from diffusers tests/schedulers/test_scheduler_dpm_multi.py (linear 0.0001..0.02, order 2,
/// dpmsolver++, midpoint, lower_order_final false, final_sigmas_type sigma_min, 10 steps); tolerance is diffusers' own
/// (|mean − expected| &lt; 1e-3).</summary>
public sealed class DpmSolverMultistepSchedulerTests
{
    private static SchedulerConfig TestConfig =>
        LinearConfig() with { LowerOrderFinal = false, FinalSigmasType = FinalSigmasType.SigmaMin };

    [Theory]
    [InlineData(SchedulerKind.DpmPlusPlus2M, PredictionType.Epsilon, 0.3301)]
    [InlineData(SchedulerKind.DpmPlusPlus2M, PredictionType.VPrediction, 0.2251)]
    [InlineData(SchedulerKind.DpmPlusPlus2MKarras, PredictionType.VPrediction, 0.2096)]
    public void FullLoop_DiffusersConfig_MatchesDiffusersMean(SchedulerKind kind, PredictionType prediction, double expectedMean)
    {
        var sample = UnscaledLoop(SchedulerFactory.Create(kind, TestConfig with { PredictionType = prediction }), 10);

        Assert.Equal(expectedMean, MeanAbs(sample), 0.001);
    }

    [Fact]
    public void Step_FinalSigmaZero_LastStepReturnsDataPrediction()
    {
        // One step from t = 999 to σ = 0 is first order and lands on x0 = (x − σ_t·ε)/α_t. Tolerance 1e-4 absolute:
        // at t = 999 (σ ≈ 157) x0 is a difference of terms of size ~150, so float32 rounding alone reaches ~2e-5.
        var scheduler = (DpmSolverMultistepScheduler)SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2M, LinearConfig());
        scheduler.SetTimesteps(1);
        var sample = DummySampleDeter();
        var model = DummyNoiseDeter();
        double sigma = scheduler.Sigmas[0];
        var alpha = 1 / Math.Sqrt((sigma * sigma) + 1);
        var expected = sample.Select((s, i) => (float)((s - (sigma * alpha * model[i])) / alpha)).ToArray();

        scheduler.Step(model, 0, sample, new FakeGaussianNoise(0));

        Assert.Equal(999f, scheduler.Timesteps[0]);
        Assert.Equal(0f, scheduler.Sigmas[1]);
        for (var i = 0; i < sample.Length; i++)
        {
            Assert.Equal(expected[i], sample[i], 1e-4f);
        }
    }

    [Fact]
    public void SetTimesteps_LinspaceTenSteps_MatchesDiffusers()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2M, LinearConfig());
        scheduler.SetTimesteps(10);

        // np.linspace(0, 999, 11).round()[::-1][:-1]; 499.5 rounds half-to-even to 500.
        Assert.Equal([999f, 899f, 799f, 699f, 599f, 500f, 400f, 300f, 200f, 100f], scheduler.Timesteps.ToArray());
    }

    [Fact]
    public void SetTimesteps_LeadingWithOffset_MatchesDiffusers()
    {
        var config = SchedulerConfig.StableDiffusionDefault with { TimestepSpacing = TimestepSpacing.Leading };
        var scheduler = SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2M, config);
        scheduler.SetTimesteps(4);

        // step_ratio = 1000 // 5 = 200: (arange(5)·200)[::-1][:-1] + 1
        Assert.Equal([801f, 601f, 401f, 201f], scheduler.Timesteps.ToArray());
    }

    [Fact]
    public void SetTimesteps_Karras_StableDiffusionSigmasSpanTrainingRangeAndEndAtZero()
    {
        var scheduler = (DpmSolverMultistepScheduler)SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2MKarras, SchedulerConfig.StableDiffusionDefault);
        scheduler.SetTimesteps(20);

        // Karras ramp between the training extremes 14.6146 and 0.0292 (tolerance 1e-3); integer timesteps 999 → 0.
        Assert.Equal(14.6146, scheduler.Sigmas[0], 1e-3);
        Assert.Equal(0.0292, scheduler.Sigmas[19], 1e-3);
        Assert.Equal(0f, scheduler.Sigmas[20]);
        Assert.Equal(999f, scheduler.Timesteps[0]);
        Assert.Equal(0f, scheduler.Timesteps[19]);
        foreach (var t in scheduler.Timesteps)
        {
            Assert.Equal(Math.Round(t), t);
        }
    }

    [Fact]
    public void Step_SkippingAnIndexMidJob_Throws()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2M, LinearConfig());
        scheduler.SetTimesteps(10);
        var sample = DummySampleDeter();
        var residual = new float[sample.Length];
        scheduler.Step(residual, 0, sample, new FakeGaussianNoise(0));

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Step(residual, 2, sample, new FakeGaussianNoise(0)));
        Assert.Contains("expected step 1", error.Message);
    }

    [Fact]
    public void Step_StartingMidScheduleAfterSetTimesteps_IsAllowed()
    {
        // img2img starts at t_start; diffusers' set_begin_index equivalent. The first step there is first order.
        var scheduler = SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2M, LinearConfig());
        scheduler.SetTimesteps(10);
        var sample = DummySampleDeter();
        var residual = new float[sample.Length];
        for (var i = 3; i < 10; i++)
        {
            DummyModel(sample, scheduler.Timesteps[i], residual);
            scheduler.Step(residual, i, sample, new FakeGaussianNoise(0));
        }

        Assert.All(sample, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(DiffusersParityCases.DpmKarrasCosine), MemberType = typeof(DiffusersParityCases))]
    public void SetTimesteps_KarrasOnSquaredCosCapV2_KeepsUnroundedTimestepsAsDiffusers(
        int steps, float[] expected, double firstSigma, double lastSigma)
    {
        // reference/diffusers_parity.py: no rounding on this schedule; the int64 timesteps truncate. Sigmas to 1e-5 relative.
        var config = new SchedulerConfig { BetaSchedule = BetaSchedule.SquaredCosCapV2 };
        var scheduler = (DpmSolverMultistepScheduler)SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2MKarras, config);

        scheduler.SetTimesteps(steps);

        Assert.Equal(expected, scheduler.Timesteps.ToArray());
        Assert.Equal(firstSigma, scheduler.Sigmas[0], firstSigma * 1e-5);
        Assert.Equal(lastSigma, scheduler.Sigmas[steps - 1], lastSigma * 1e-5);
    }
}
