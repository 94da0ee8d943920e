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
    [InlineData("red", "", 7.5, DemoPredictionType.Epsilon)]
    [InlineData("a watercolor fox", "", 1.0, DemoPredictionType.Epsilon)]
    [InlineData("grey", "pink", 2.0, DemoPredictionType.Epsilon)]
    [InlineData("grey", "pink", 2.0, DemoPredictionType.VPrediction)]
    [InlineData("sky", "", 1.0, DemoPredictionType.VPrediction)]
    public void EulerLoop_TenLeadingSteps_DecodesToExpectedPixel(string prompt, string negative, double guidance, DemoPredictionType prediction)
    {
        using var unet = new ModelRunner(UnetModel.Build(DemoModelOptions.Oracle with { PredictionType = prediction }));
        using var decoder = new ModelRunner(VaeDecoderModel.Build());
        var hidden = UnetOracleTests.TextEncoderHidden(prompt, negative);

        // Leading spacing, steps_offset 1: t = 901, 801, ..., 1; sigmas then 0.
        double[] timesteps = Enumerable.Range(0, 10).Select(i => (double)((9 - i) * 100) + 1).ToArray();
        double[] sigmas = [.. timesteps.Select(OracleSpec.Sigma), 0];
        int count = Latent * Latent * 4;
        var latents = TestData.Random(count, seed: 42, scale: 1.7f).Select(v => v * Math.Sqrt((sigmas[0] * sigmas[0]) + 1)).ToArray();

        for (int i = 0; i < timesteps.Length; i++)
        {
            double sigma = sigmas[i];
            double scale = 1 / Math.Sqrt((sigma * sigma) + 1);
            var scaled = latents.Select(v => (float)(v * scale)).ToArray();
            var output = unet.Run(
                ("sample", Tensor.Float([.. scaled, .. scaled], 2, 4, Latent, Latent)),
                ("timestep", Tensor.Float([(float)timesteps[i]], 1)),
                ("encoder_hidden_states", Tensor.Float(hidden, 2, 77, OracleSpec.HiddenSize)))["out_sample"].Data;
            for (int j = 0; j < count; j++)
            {
                double uncond = output[j];
                double cond = output[count + j];
                double guided = guidance > 1 ? uncond + (guidance * (cond - uncond)) : cond;
                double x0 = prediction == DemoPredictionType.VPrediction
                    ? (guided * (-sigma / Math.Sqrt((sigma * sigma) + 1))) + (latents[j] / ((sigma * sigma) + 1))
                    : latents[j] - (sigma * guided);
                double derivative = (latents[j] - x0) / sigma;
                latents[j] += derivative * (sigmas[i + 1] - sigma);
            }
        }

        var image = decoder.Run(("latent_sample", Tensor.Float(latents.Select(v => (float)(v / OracleSpec.LatentScalingFactor)).ToArray(), 1, 4, Latent, Latent)))["sample"];

        var expected = OracleSpec.ExpectedDecodedRgb(prompt, negative, guidance);
        for (int y = 0; y < Latent * 8; y++)
        {
            for (int x = 0; x < Latent * 8; x++)
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
}
