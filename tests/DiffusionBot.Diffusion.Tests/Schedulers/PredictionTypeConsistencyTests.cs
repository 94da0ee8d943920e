using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>A model that predicts exactly (noise ε, clean x0, or velocity v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0) must lead every
/// prediction type to the same next sample. Tolerance 1e-4 absolute (float32 over values of order 1).</summary>
public sealed class PredictionTypeConsistencyTests
{
    [Theory]
    [InlineData(SchedulerKind.Ddim)]
    [InlineData(SchedulerKind.DpmPlusPlus2M)]
    [InlineData(SchedulerKind.Lcm)]
    public void Step_ExactPredictions_AgreeAcrossPredictionTypes(SchedulerKind kind)
    {
        var results = new List<float[]>();
        foreach (var prediction in Enum.GetValues<PredictionType>())
        {
            var config = SchedulerConfig.StableDiffusionDefault with { PredictionType = prediction };
            var scheduler = SchedulerFactory.Create(kind, config);
            scheduler.SetTimesteps(10);
            const int Index = 3;
            var alpha = ((SchedulerBase)scheduler).Schedule.AlphasCumprod[(int)scheduler.Timesteps[Index]];
            var x0 = DummySampleDeter();
            var eps = DummyNoiseDeter();
            var sample = new float[x0.Length];
            var model = new float[x0.Length];
            for (var i = 0; i < x0.Length; i++)
            {
                sample[i] = (MathF.Sqrt(alpha) * x0[i]) + (MathF.Sqrt(1 - alpha) * eps[i]);
                model[i] = prediction switch
                {
                    PredictionType.Epsilon => eps[i],
                    PredictionType.Sample => x0[i],
                    _ => (MathF.Sqrt(alpha) * eps[i]) - (MathF.Sqrt(1 - alpha) * x0[i]),
                };
            }

            scheduler.Step(model, Index, sample, new FakeGaussianNoise(4));
            results.Add(sample);
        }

        for (var r = 1; r < results.Count; r++)
        {
            for (var i = 0; i < results[0].Length; i++)
            {
                Assert.Equal(results[0][i], results[r][i], 1e-4f);
            }
        }
    }
}
