using DiffusionBot.Bot.Generation;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Options;
using SkiaSharp;

namespace DiffusionBot.Tests.Bot;

public sealed class UploadedImageFilesTests
{
    private static UploadedImageFiles Files(long maxPixels = 16_777_216, int maxEdge = 2048) =>
        new(Microsoft.Extensions.Options.Options.Create(new GeneratorOptions { MaxInputImagePixels = maxPixels, MaxUpscaleInputEdge = maxEdge }));

    /// <summary>Three vertical bands, red | green | blue, each <paramref name="band"/> pixels wide.</summary>
    private static RgbImage Bands(int band, int height)
    {
        var image = new RgbImage(band * 3, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < band * 3; x++)
            {
                var i = ((y * band * 3) + x) * 3;
                image.Pixels[i + (x / band)] = 255;
            }
        }
        return image;
    }

    private static byte[] Encode(RgbImage image, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image[x, y];
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }
        using var data = bitmap.Encode(format, 100);
        return data.ToArray();
    }

    [Fact]
    public void ForImageToImage_WideImage_KeepsTheCentreAtTheRequestedSize()
    {
        var result = Files().ForImageToImage(PngCodec.Encode(Bands(100, 100)), 64, 64);

        Assert.True(result.Success, result.Error);
        var image = PngCodec.Decode(result.Value.Png);
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.All(new[] { image[0, 0], image[63, 0], image[0, 63], image[63, 63], image[32, 32] }, pixel => Assert.Equal((0, 255, 0), ((int)pixel.R, (int)pixel.G, (int)pixel.B)));
    }

    [Fact]
    public void ForImageToImage_TallTarget_TrimsTheSidesOfASquare()
    {
        var result = Files().ForImageToImage(PngCodec.Encode(Bands(40, 120)), 64, 192);

        Assert.True(result.Success, result.Error);
        var image = PngCodec.Decode(result.Value.Png);
        Assert.Equal((64, 192), (image.Width, image.Height));
        Assert.Equal((0, 255, 0), ((int)image[2, 100].R, (int)image[2, 100].G, (int)image[2, 100].B));
        Assert.Equal((0, 255, 0), ((int)image[61, 100].R, (int)image[61, 100].G, (int)image[61, 100].B));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void ForUpscale_JpegOrWebp_BecomesAPngOfTheSameSize(SKEncodedImageFormat format)
    {
        var result = Files().ForUpscale(Encode(Bands(11, 31), format));

        Assert.True(result.Success, result.Error);
        Assert.Equal((33, 31), (result.Value.Width, result.Value.Height));
        Assert.Equal("PNG", UploadedImageFiles.ImageFormat(result.Value.Png));
        Assert.Equal((33, 31), (PngCodec.Decode(result.Value.Png).Width, PngCodec.Decode(result.Value.Png).Height));
    }

    [Fact]
    public void ForUpscale_GifBytes_RefusedAsNotAnAcceptedType()
    {
        byte[] gif = [.. "GIF89a"u8, .. PngCodec.Encode(Bands(4, 4)).AsSpan(6)];

        var result = Files().ForUpscale(gif);

        Assert.Equal(UploadedImageFiles.NotAnImageMessage, result.Error);
    }

    [Fact]
    public void ForImageToImage_OverThePixelLimit_RefusedNamingTheLimit()
    {
        var result = Files(maxPixels: 1000).ForImageToImage(PngCodec.Encode(Bands(20, 20)), 64, 64);

        Assert.False(result.Success);
        Assert.Contains("60×20", result.Error, StringComparison.Ordinal);
        Assert.Contains("the largest accepted is 0.0 megapixels", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ForUpscale_EdgeOverTheUpscalerLimit_RefusedNamingTheLimit()
    {
        var result = Files(maxEdge: 50).ForUpscale(PngCodec.Encode(Bands(20, 20)));

        Assert.Equal("The image is 60×20; the largest that can be upscaled is 50×50.", result.Error);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "JPEG")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "WebP")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, null)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E }, null)]
    [InlineData(new byte[0], null)]
    public void ImageFormat_Signature_DecidesTheType(byte[] file, string? expected) =>
        Assert.Equal(expected, UploadedImageFiles.ImageFormat(file));
}
