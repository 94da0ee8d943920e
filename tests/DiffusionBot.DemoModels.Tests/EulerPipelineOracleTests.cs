using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;

namespace DiffusionBot.DemoModels.Tests;

/// <summary>
/// A minimal Euler + classifier-free-guidance loop over the oracle models (the steps diffusers'
/// OnnxStableDiffusionPipeline takes) decodes to exactly <see cref="OracleSpec.ExpectedDecodedRgb(string, string, double)"/>.
/// </summary>
public sealed class EulerPipelineOracleTests
{
    private const int Latent = 4;

    [Theory]
    [InlineData("red", "", 7.5, DemoPredictionType.Epsilon, false)]
    [InlineData("a watercolor fox", "", 1.0, DemoPredictionType.Epsilon, false)]
    [InlineData("grey", "pink", 2.0, DemoPredictionType.Epsilon, false)]
    [InlineData("grey", "pink", 2.0, DemoPredictionType.VPrediction, false)]
    [InlineData("sky", "", 1.0, DemoPredictionType.VPrediction, false)]
    [InlineData("grey", "pink", 2.0, DemoPredictionType.Epsilon, true)]
    [InlineData("grey", "brown", 3.0, DemoPredictionType.VPrediction, true)]
    public void EulerLoop_TenSteps_DecodesToExpectedPixel(string prompt, string negative, double guidance, DemoPredictionType prediction, bool karras)
    {
        using var unet = new ModelRunner(UnetModel.Build(DemoModelOptions.Oracle with { PredictionType = prediction }));
        using var decoder = new ModelRunner(VaeDecoderModel.Build());
        var hidden = UnetOracleTests.TextEncoderHidden(prompt, negative);

        // Leading spacing, steps_offset 1: t = 901, 801, ..., 1. Karras: rho-7 sigmas between the schedule's
        // extremes and fractional timesteps from diffusers' log-sigma interpolation (_sigma_to_t). Then sigma 0.
        double[] sigmas = karras ? [.. KarrasSigmas(10), 0] : [.. Enumerable.Range(0, 10).Select(i => OracleSpec.Sigma(((9 - i) * 100) + 1)), 0];
        var timesteps = karras ? sigmas[..^1].Select(SigmaToT).ToArray() : Enumerable.Range(0, 10).Select(i => (double)((9 - i) * 100) + 1).ToArray();
        if (karras)
        {
            Assert.Contains(timesteps, t => Math.Abs(t - Math.Round(t)) > 0.01);
        }

        var count = Latent * Latent * 4;
        var latents = TestData.Random(count, seed: 42, scale: 1.7f).Select(v => v * Math.Sqrt((sigmas[0] * sigmas[0]) + 1)).ToArray();

        var colour = OracleSpec.ExpectedColour(prompt, negative, guidance);
        double[] targetX0 = [.. new[] { colour.R, colour.G, colour.B, 0 }.Select(c => c * OracleSpec.LatentScalingFactor)];
        for (var i = 0; i < timesteps.Length; i++)
        {
            var sigma = sigmas[i];
            var scale = 1 / Math.Sqrt((sigma * sigma) + 1);
            var scaled = latents.Select(v => (float)(v * scale)).ToArray();
            var output = unet.Run(
                ("sample", Tensor.Float([.. scaled, .. scaled], 2, 4, Latent, Latent)),
                ("timestep", Tensor.Float([(float)timesteps[i]], 1)),
                ("encoder_hidden_states", Tensor.Float(hidden, 2, 77, OracleSpec.HiddenSize)))["out_sample"].Data;
            for (var j = 0; j < count; j++)
            {
                double uncond = output[j];
                double cond = output[count + j];
                var guided = guidance > 1 ? uncond + (guidance * (cond - uncond)) : cond;
                var x0 = prediction == DemoPredictionType.VPrediction
                    ? (guided * (-sigma / Math.Sqrt((sigma * sigma) + 1))) + (latents[j] / ((sigma * sigma) + 1))
                    : latents[j] - (sigma * guided);
                Assert.True(Math.Abs(x0 - targetX0[j / (Latent * Latent)]) < 1e-3, $"step {i} (t={timesteps[i]}): x0 {x0}, target {targetX0[j / (Latent * Latent)]}");
                var derivative = (latents[j] - x0) / sigma;
                latents[j] += derivative * (sigmas[i + 1] - sigma);
            }
        }

        var image = decoder.Run(("latent_sample", Tensor.Float(latents.Select(v => (float)(v / OracleSpec.LatentScalingFactor)).ToArray(), 1, 4, Latent, Latent)))["sample"];

        var expected = OracleSpec.ExpectedDecodedRgb(prompt, negative, guidance);
        for (var y = 0; y < Latent * 8; y++)
        {
            for (var x = 0; x < Latent * 8; x++)
            {
                var actual = (OracleSpec.ToByte(image[0, 0, y, x]), OracleSpec.ToByte(image[0, 1, y, x]), OracleSpec.ToByte(image[0, 2, y, x]));
                Assert.InRange(Math.Abs(actual.Item1 - expected.R), 0, 1);
                Assert.InRange(Math.Abs(actual.Item2 - expected.G), 0, 1);
                Assert.InRange(Math.Abs(actual.Item3 - expected.B), 0, 1);
            }
        }

        var centre = (OracleSpec.ToByte(image[0, 0, 5, 7]), OracleSpec.ToByte(image[0, 1, 5, 7]), OracleSpec.ToByte(image[0, 2, 5, 7]));
        Assert.Equal(expected, centre);
    }

    private static double[] KarrasSigmas(int steps)
    {
        const double rho = 7;
        var minInvRho = Math.Pow(OracleSpec.Sigma(0), 1 / rho);
        var maxInvRho = Math.Pow(OracleSpec.Sigma(OracleSpec.TrainTimesteps - 1), 1 / rho);
        return Enumerable.Range(0, steps)
            .Select(i => Math.Pow(maxInvRho + (i / (double)(steps - 1) * (minInvRho - maxInvRho)), rho))
            .ToArray();
    }

    /// <summary>diffusers' EulerDiscreteScheduler._sigma_to_t: linear interpolation of log(sigma) over the integer
    /// timesteps' table.</summary>
    private static double SigmaToT(double sigma)
    {
        var logSigmas = Enumerable.Range(0, OracleSpec.TrainTimesteps).Select(t => Math.Log(OracleSpec.Sigma(t))).ToArray();
        var logSigma = Math.Log(sigma);
        var low = Math.Clamp(logSigmas.Count(v => logSigma - v >= 0) - 1, 0, OracleSpec.TrainTimesteps - 2);
        var w = Math.Clamp((logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[low + 1]), 0, 1);
        return ((1 - w) * low) + (w * (low + 1));
    }
}
