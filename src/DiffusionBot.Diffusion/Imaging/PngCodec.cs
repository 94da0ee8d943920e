using DiffusionBot.Diffusion.Pipeline;
using SkiaSharp;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>PNG encoding/decoding and resampling with SkiaSharp.</summary>
public static class PngCodec
{
    public static byte[] Encode(RgbImage image)
    {
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
        return data.ToArray();
    }

    private const string Unreadable = "The image could not be decoded; send a PNG, JPEG or WebP file.";

    /// <summary>Width and height from the file's header (PNG, JPEG, WebP…), without decoding the pixels.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new DiffusionRequestException(Unreadable);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes PNG (or any format Skia reads) to RGB; alpha is composited over black.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded) => Decode(encoded, long.MaxValue);

    /// <summary>Decodes like <see cref="Decode(ReadOnlySpan{byte})"/>, but first reads the size from the header and
    /// refuses images of more than <paramref name="maxPixels"/> pixels before any pixel is decoded (no
    /// decompression bombs). A file cut short (Skia would fill the missing rows) is refused as unreadable.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new DiffusionRequestException(Unreadable);
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        if (pixels > maxPixels)
            throw new DiffusionRequestException($"The image is {codec.Info.Width}×{codec.Info.Height} ({pixels / 1e6:F1} megapixels); the largest accepted is {maxPixels / 1e6:F1} megapixels. Send a smaller image.");
        var info = codec.Info.AlphaType == SKAlphaType.Unpremul ? codec.Info.WithAlphaType(SKAlphaType.Premul) : codec.Info;
        using var decoded = new SKBitmap(info);
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
            throw new DiffusionRequestException(Unreadable);
        using var rgba = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(rgba))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawBitmap(decoded, 0, 0);
        }

        return FromBitmap(rgba);
    }

    /// <summary>High-quality resample (Mitchell cubic, or mipmapped linear when shrinking a lot).</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        using var source = ToBitmap(image);
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var sampling = width >= image.Width / 2 && height >= image.Height / 2
            ? new SKSamplingOptions(SKCubicResampler.Mitchell)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        if (!source.ScalePixels(target, sampling))
            throw new InvalidOperationException("SkiaSharp could not resample the image.");
        return FromBitmap(target);
    }

    private static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var rgba = bitmap.GetPixelSpan();
        unsafe
        {
            var span = new Span<byte>((void*)bitmap.GetPixels(), rgba.Length);
            var src = image.Pixels;
            for (int i = 0, j = 0; i < src.Length; i += 3, j += 4)
            {
                span[j] = src[i];
                span[j + 1] = src[i + 1];
                span[j + 2] = src[i + 2];
                span[j + 3] = 255;
            }
        }

        return bitmap;
    }

    private static RgbImage FromBitmap(SKBitmap bitmap)
    {
        var rgba = bitmap.GetPixelSpan();
        var result = new RgbImage(bitmap.Width, bitmap.Height);
        var dst = result.Pixels;
        for (int i = 0, j = 0; i < dst.Length; i += 3, j += 4)
        {
            dst[i] = rgba[j];
            dst[i + 1] = rgba[j + 1];
            dst[i + 2] = rgba[j + 2];
        }

        return result;
    }
}
