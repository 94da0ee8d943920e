using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Families;

/// <summary>Optimum's current vae_encoder gives latent_parameters (mean ‖ log-variance, 8 channels); variations
/// sample that distribution with the job's seeded noise, for every family.</summary>
public sealed class LatentParametersVariationTests(TinySdModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> All => TinySdModels.All;

    private static byte[] Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                image.Pixels[i] = (byte)(x * 255 / width);
                image.Pixels[i + 1] = (byte)(y * 255 / height);
                image.Pixels[i + 2] = 128;
            }
        }

        return PngCodec.Encode(image);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task VaryAsync_LatentParametersExport_VariesAtAnAllowedSize(string name)
    {
        var engine = models.Engine(name);
        var runs = models.Observer.Capture();

        var result = await engine.VaryAsync(new VariationRequest(Gradient(100, 70), "a painting", Strength: 0.5, Seed: 3, Steps: 4, Guidance: 3, Scheduler: "euler"), null, Ct);

        var multiple = name == "sdxl" ? 32 : 16;
        Assert.Equal((100 / multiple * multiple, 70 / multiple * multiple), (result.Width, result.Height));
        var encoder = Assert.Single(runs, r => r.Component == "vae_encoder");
        Assert.Equal(new long[] { 1, 3, result.Height, result.Width }, encoder.Inputs["sample"].Shape);
        Assert.Equal(2, runs.Count(r => r.Component == "unet"));
    }

    [Fact]
    public void Sample_MeanAndLogVariance_IsMeanPlusStdTimesNoiseScaled()
    {
        var distribution = new DiffusionBot.Diffusion.Onnx.LatentDistribution([1f, -2f], [0f, MathF.Log(4f)], 0.5f);

        var sample = distribution.Sample(new FixedNoise(3f, -1f));

        Assert.True(distribution.HasSpread);
        Assert.Equal(new[] { (1f + 3f) * 0.5f, (-2f - 2f) * 0.5f }, sample);
    }

    [Fact]
    public void Sample_ExportGaveASample_UsesItAndDrawsNoNoise()
    {
        var distribution = new DiffusionBot.Diffusion.Onnx.LatentDistribution([1f, -2f], null, 0.5f);
        var noise = new FixedNoise();

        var sample = distribution.Sample(noise);

        Assert.False(distribution.HasSpread);
        Assert.Equal(new[] { 0.5f, -1f }, sample);
        Assert.Equal(0, noise.Drawn);
    }

    private sealed class FixedNoise(params float[] values) : DiffusionBot.Diffusion.Randomness.IGaussianNoise
    {
        public int Drawn { get; private set; }

        public void Fill(Span<float> destination)
        {
            for (var i = 0; i < destination.Length; i++)
                destination[i] = values[Drawn++];
        }
    }

    [Fact]
    public async Task VaryAsync_ImageOverThePixelLimit_IsRefusedFromItsHeader()
    {
        var folder = TinySdModels.Folder("sd15");
        using var engine = TinySdModels.CreateEngine(folder, configure: o => o.MaxInputImagePixels = 64 * 64);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.VaryAsync(new VariationRequest(Gradient(65, 64), "a painting", Steps: 2), null, Ct));

        Assert.Contains("65×64", error.Message);
        Assert.Contains("megapixels", error.Message);
    }
}
