using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Upscaling;

namespace DiffusionBot.Diffusion.Tests.Upscaling;

/// <summary>A ×2 model with a pixel-unshuffle front (Real-ESRGAN x2) needs even sizes and even tile origins: odd
/// images are padded by reflection and cropped after, and tile windows start on the model's 2-pixel grid, so the
/// tiled result equals the block-mean oracle everywhere.</summary>
public sealed class PixelUnshuffleUpscaleTests(DemoModelFolders models) : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pixel-unshuffle-{Guid.NewGuid():N}", "x2.onnx");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await DemoUpscalerWriter.WritePixelUnshuffleX2Async(_file, Ct);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(97, 75)]
    [InlineData(1, 1)]
    public async Task UpscaleAsync_OddSize_PadsByReflectionAndCropsBack(int width, int height)
    {
        var source = Noise(width, height, seed: 11);

        var result = await UpscaleAsync(source, tileSize: 256, overlap: 16);

        Assert.Equal((width * 2, height * 2), (result.Width, result.Height));
        AssertMatchesOracle(source, result);
    }

    [Fact]
    public async Task UpscaleAsync_TilesStartingAtOddOffsets_MatchTheUntiledOracle()
    {
        var source = Noise(601, 401, seed: 12);

        var result = await UpscaleAsync(source, tileSize: 256, overlap: 16);

        Assert.Equal((1202, 802), (result.Width, result.Height));
        AssertMatchesOracle(source, result);
    }

    [Fact]
    public async Task UpscaleAsync_OddOverlap_StillAlignsTilesToTheModelsGrid()
    {
        var source = Noise(150, 90, seed: 13);

        var result = await UpscaleAsync(source, tileSize: 64, overlap: 7);

        AssertMatchesOracle(source, result);
    }

    private async Task<RgbImage> UpscaleAsync(RgbImage source, int tileSize, int overlap)
    {
        var folder = await models.FolderAsync(DemoModelFolders.NoExtras);
        using var engine = DemoModelFolders.CreateEngine(folder, o =>
        {
            o.UpscalerPath = _file;
            o.UpscaleTileSize = tileSize;
            o.UpscaleTileOverlap = overlap;
        });
        var result = await engine.UpscaleAsync(PngCodec.Encode(source), 2, Ct);
        Assert.Equal(UpscaleMethod.OnnxModel, result.Method);
        return PngCodec.Decode(result.Png);
    }

    private static RgbImage Noise(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>Each output pixel is the mean of its 2×2 input block on the even grid, the input reflected past
    /// its right and bottom edges (Real-ESRGAN's mod padding), within 1 for rounding.</summary>
    private static void AssertMatchesOracle(RgbImage source, RgbImage result)
    {
        static int Reflect(int i, int length) => length == 1 ? 0 : i < length ? i : (2 * (length - 1)) - i;
        var worst = 0.0;
        for (var y = 0; y < result.Height; y++)
        {
            for (var x = 0; x < result.Width; x++)
            {
                int by = y / 4 * 2, bx = x / 4 * 2;
                var actual = result[x, y];
                for (var c = 0; c < 3; c++)
                {
                    double sum = 0;
                    for (var dy = 0; dy < 2; dy++)
                    {
                        for (var dx = 0; dx < 2; dx++)
                        {
                            var p = source[Reflect(bx + dx, source.Width), Reflect(by + dy, source.Height)];
                            sum += c == 0 ? p.R : c == 1 ? p.G : p.B;
                        }
                    }

                    var got = c == 0 ? actual.R : c == 1 ? actual.G : actual.B;
                    worst = Math.Max(worst, Math.Abs((sum / 4) - got));
                }
            }
        }

        Assert.True(worst <= 1.0, $"largest difference from the untiled oracle: {worst}/255");
    }
}
