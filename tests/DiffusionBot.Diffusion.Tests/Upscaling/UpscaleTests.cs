using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Upscaling;

namespace DiffusionBot.Diffusion.Tests.Upscaling;

public sealed class UpscaleTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RgbImage Pattern(int width, int height)
    {
        var image = new RgbImage(width, height);
        var random = new Random(7);
        random.NextBytes(image.Pixels);
        return image;
    }

    [Theory]
    [InlineData(2, 0, 0)]
    [InlineData(4, 0, 0)]
    [InlineData(2, 16, 4)]
    [InlineData(4, 24, 4)]
    public async Task UpscaleAsync_OnnxOracle_IsExactNearestNeighbourEvenWhenTiled(int factor, int tileSize, int overlap)
    {
        var folder = await models.FolderAsync(DemoModelFolders.Oracle);
        using var engine = DemoModelFolders.CreateEngine(folder, o =>
        {
            if (tileSize > 0)
            {
                o.UpscaleTileSize = tileSize;
                o.UpscaleTileOverlap = overlap;
            }
        });
        var source = Pattern(40, 27);

        var result = await engine.UpscaleAsync(PngCodec.Encode(source), factor, Ct);

        Assert.Equal(UpscaleMethod.OnnxModel, result.Method);
        Assert.Contains($"x{factor}.onnx", result.MethodName);
        var upscaled = PngCodec.Decode(result.Png);
        Assert.Equal((40 * factor, 27 * factor), (upscaled.Width, upscaled.Height));
        for (var y = 0; y < upscaled.Height; y++)
        {
            for (var x = 0; x < upscaled.Width; x++)
                Assert.Equal(source[x / factor, y / factor], upscaled[x, y]);
        }
    }

    [Fact]
    public async Task UpscaleAsync_NoUpscalerModel_FallsBackToSkiaAndSaysSo()
    {
        var engine = await models.EngineAsync(DemoModelFolders.NoExtras);

        var result = await engine.UpscaleAsync(PngCodec.Encode(Pattern(20, 10)), 4, Ct);

        Assert.Equal(UpscaleMethod.SkiaResample, result.Method);
        Assert.Contains("Skia", result.MethodName);
        Assert.Equal((80, 40), (result.Width, result.Height));
        var decoded = PngCodec.Decode(result.Png);
        Assert.Equal((80, 40), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task UpscaleAsync_ConfiguredUpscalerPathMissing_NamesTheSetting()
    {
        var folder = await models.FolderAsync(DemoModelFolders.NoExtras);
        using var engine = DemoModelFolders.CreateEngine(folder, o => o.UpscalerPath = Path.Combine(folder, "nope.onnx"));

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.UpscaleAsync(PngCodec.Encode(Pattern(8, 8)), 2, Ct));

        Assert.Contains("Generator:UpscalerPath", error.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(8)]
    public async Task UpscaleAsync_UnsupportedFactor_IsRejected(int factor)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() => engine.UpscaleAsync(PngCodec.Encode(Pattern(8, 8)), factor, Ct));

        Assert.Contains("2 or 4", error.Message);
    }
}
