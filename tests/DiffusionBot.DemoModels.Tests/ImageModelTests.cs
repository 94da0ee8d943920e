using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;

namespace DiffusionBot.DemoModels.Tests;

public sealed class ImageModelTests
{
    [Fact]
    public void VaeDecoder_Run_NearestUpsamplesChannels0To2By8Exactly()
    {
        using var decoder = new ModelRunner(VaeDecoderModel.Build());
        var latent = TestData.Random(2 * 4 * 3 * 5, seed: 1);

        var image = decoder.Run(("latent_sample", Tensor.Float(latent, 2, 4, 3, 5)))["sample"];

        Assert.Equal([2, 3, 24, 40], image.Shape);
        var input = Tensor.Float(latent, 2, 4, 3, 5);
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 24; y++)
                {
                    for (var x = 0; x < 40; x++)
                    {
                        Assert.Equal(input[n, c, y / 8, x / 8], image[n, c, y, x]);
                    }
                }
            }
        }
    }

    [Fact]
    public void VaeEncoder_Run_AveragesEach8x8BlockAndZeroesChannel3()
    {
        using var encoder = new ModelRunner(VaeEncoderModel.Build());
        var pixels = TestData.Random(1 * 3 * 16 * 24, seed: 2);
        var image = Tensor.Float(pixels, 1, 3, 16, 24);

        var latent = encoder.Run(("sample", image))["latent_sample"];

        Assert.Equal([1, 4, 2, 3], latent.Shape);
        for (var c = 0; c < 3; c++)
        {
            for (var by = 0; by < 2; by++)
            {
                for (var bx = 0; bx < 3; bx++)
                {
                    double sum = 0;
                    for (var y = 0; y < 8; y++)
                    {
                        for (var x = 0; x < 8; x++)
                        {
                            sum += image[0, c, (by * 8) + y, (bx * 8) + x];
                        }
                    }

                    Assert.Equal(sum / 64, latent[0, c, by, bx], 1e-6);
                    Assert.Equal(0f, latent[0, 3, by, bx]);
                }
            }
        }
    }

    [Fact]
    public void VaeEncoderThenDecoder_BlockConstantImage_RoundTripsExactly()
    {
        using var encoder = new ModelRunner(VaeEncoderModel.Build());
        using var decoder = new ModelRunner(VaeDecoderModel.Build());
        var blocks = Tensor.Float([0.5f, -1f, 1f, 0.25f, 0f, -0.75f], 1, 3, 1, 2);
        var pixels = new float[3 * 8 * 16];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 16; x++)
                {
                    pixels[(((c * 8) + y) * 16) + x] = blocks[0, c, 0, x / 8];
                }
            }
        }

        var latent = encoder.Run(("sample", Tensor.Float(pixels, 1, 3, 8, 16)))["latent_sample"];
        var decoded = decoder.Run(("latent_sample", latent))["sample"];

        Assert.Equal(pixels, decoded.Data);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Upscaler_Run_NearestUpsamplesExactly(int scale)
    {
        using var upscaler = new ModelRunner(UpscalerModel.Build(scale));
        var input = Tensor.Float(TestData.Random(3 * 5 * 7, seed: scale).Select(v => (v + 1) / 2).ToArray(), 1, 3, 5, 7);

        var output = upscaler.Run(("input", input))["output"];

        Assert.Equal([1, 3, 5 * scale, 7 * scale], output.Shape);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 5 * scale; y++)
            {
                for (var x = 0; x < 7 * scale; x++)
                {
                    Assert.Equal(input[0, c, y / scale, x / scale], output[0, c, y, x]);
                }
            }
        }
    }

    [Fact]
    public void SafetyChecker_Run_FlagsOnlyNearMagentaAndPassesImagesThrough()
    {
        using var checker = new ModelRunner(SafetyCheckerModel.Build());
        (double R, double G, double B)[] colours = [(1, 0, 1), (0.5, 0, 0.5), (1, 0, 0), (0.8, 0.2, 0.85), (1, 0.75, 0.8), (0.74, 0, 1)];
        var clipInput = new float[colours.Length * 3 * 224 * 224];
        for (var n = 0; n < colours.Length; n++)
        {
            double[] rgb = [colours[n].R, colours[n].G, colours[n].B];
            for (var c = 0; c < 3; c++)
            {
                var normalised = (float)((rgb[c] - OracleSpec.ClipImageMean[c]) / OracleSpec.ClipImageStd[c]);
                Array.Fill(clipInput, normalised, ((n * 3) + c) * 224 * 224, 224 * 224);
            }
        }

        var images = TestData.Random(colours.Length * 4 * 6 * 3, seed: 5).Select(v => (v + 1) / 2).ToArray();

        var outputs = checker.Run(
            ("clip_input", Tensor.Float(clipInput, colours.Length, 3, 224, 224)),
            ("images", Tensor.Float(images, colours.Length, 4, 6, 3)));

        Assert.Equal([1f, 0f, 0f, 1f, 0f, 0f], outputs["has_nsfw_concepts"].Data);
        Assert.Equal(colours.Select(c => OracleSpec.IsFlaggedBySafetyChecker(c.R, c.G, c.B) ? 1f : 0f), outputs["has_nsfw_concepts"].Data);
        Assert.Equal([colours.Length, 4, 6, 3], outputs["out_images"].Shape);
        Assert.Equal(images, outputs["out_images"].Data);
    }
}
