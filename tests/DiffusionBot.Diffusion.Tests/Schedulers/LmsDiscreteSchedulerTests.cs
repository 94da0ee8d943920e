using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Expected values from diffusers tests/schedulers/test_scheduler_lms.py (num_train_timesteps 1100, linear
/// 0.0001..0.02, 10 steps); tolerances are diffusers' own (sum 1e-2, mean 1e-3).</summary>
public sealed class LmsDiscreteSchedulerTests
{
    [Theory]
    [InlineData(PredictionType.Epsilon, false, 1006.388, 1.31)]
    [InlineData(PredictionType.VPrediction, false, 0.0017, 2.2676e-06)]
    [InlineData(PredictionType.Epsilon, true, 3812.9927, 4.9648)]
    public void FullLoop_DiffusersConfig_MatchesDiffusersSums(PredictionType prediction, bool karras, double expectedSum, double expectedMean)
    {
        var config = LinearConfig(1100) with { PredictionType = prediction, UseKarrasSigmas = karras };
        var sample = ScaledLoop(SchedulerFactory.Create(SchedulerKind.Lms, config), 10);

        Assert.Equal(expectedSum, SumAbs(sample), 0.01);
        Assert.Equal(expectedMean, MeanAbs(sample), 0.001);
    }

    [Fact]
    public void FullLoop_WithAddNoiseFromStepEight_MatchesDiffusers()
    {
        // diffusers' test_full_loop_with_noise: start at index 8, where LMS (like diffusers) already uses order 4
        // coefficients paired with the single derivative it has.
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lms, LinearConfig(1100));
        scheduler.SetTimesteps(10);
        var sample = DummySampleDeter();
        var init = scheduler.InitNoiseSigma;
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] *= init;
        }

        const int Start = 8;
        scheduler.AddNoise(sample, DummyNoiseDeter(), Start, sample);
        var residual = new float[sample.Length];
        for (var i = Start; i < scheduler.Timesteps.Length; i++)
        {
            scheduler.ScaleModelInput(sample, sample, i);
            DummyModel(sample, scheduler.Timesteps[i], residual);
            scheduler.Step(residual, i, sample, new FakeGaussianNoise(0));
        }

        Assert.Equal(27663.6895, SumAbs(sample), 0.01);
        Assert.Equal(36.0204, MeanAbs(sample), 0.001);
    }

    [Fact]
    public void LmsCoefficient_FirstOrder_IsSigmaDifference()
    {
        // Order 1: the integrand is 1, so the coefficient is σ_{t+1} − σ_t exactly (tolerance 1e-6).
        var scheduler = (LmsDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Lms, LinearConfig());
        scheduler.SetTimesteps(10);

        Assert.Equal(scheduler.Sigmas[1] - scheduler.Sigmas[0], scheduler.LmsCoefficient(1, 0, 0), 1e-6);
    }

    [Fact]
    public void LmsCoefficient_FourthOrder_MatchesClosedFormIntegral()
    {
        // Degree-3 Lagrange basis integrated in closed form by expanding the polynomial; tolerance 1e-9 relative.
        var scheduler = (LmsDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Lms, LinearConfig());
        scheduler.SetTimesteps(10);
        const int T = 5;
        var s = scheduler.Sigmas.ToArray();
        for (var current = 0; current < 4; current++)
        {
            var coefficients = new double[] { 1 };
            for (var k = 0; k < 4; k++)
            {
                if (k == current)
                {
                    continue;
                }

                var scale = s[T - current] - (double)s[T - k];
                var next = new double[coefficients.Length + 1];
                for (var p = 0; p < coefficients.Length; p++)
                {
                    next[p + 1] += coefficients[p] / scale;
                    next[p] -= coefficients[p] * s[T - k] / scale;
                }

                coefficients = next;
            }

            double Antiderivative(double x) => coefficients.Select((c, p) => c * Math.Pow(x, p + 1) / (p + 1)).Sum();
            var expected = Antiderivative(s[T + 1]) - Antiderivative(s[T]);

            Assert.Equal(expected, scheduler.LmsCoefficient(4, T, current), Math.Abs(expected) * 1e-9);
        }
    }

    [Fact]
    public void Step_SkippingAnIndexMidJob_Throws()
    {
        var scheduler = SchedulerFactory.Create(SchedulerKind.Lms, LinearConfig());
        scheduler.SetTimesteps(10);
        var sample = DummySampleDeter();
        var residual = new float[sample.Length];
        scheduler.Step(residual, 0, sample, new FakeGaussianNoise(0));

        Assert.Throws<InvalidOperationException>(() => scheduler.Step(residual, 0, sample, new FakeGaussianNoise(0)));
    }
}
