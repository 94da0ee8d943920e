using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Generation;

/// <summary>
/// Core's <see cref="IUploadedImages"/> with the engine's SkiaSharp codec: the type from the first bytes, the size from
/// the header (Generator:MaxInputImagePixels, and Generator:MaxUpscaleInputEdge for upscales) before any pixel is
/// decoded, a decode that refuses files cut short, then centre-crop and resize for image-to-image.
/// </summary>
internal sealed class UploadedImageFiles(IOptions<GeneratorOptions> options) : IUploadedImages
{
    public const string NotAnImageMessage = "That file is not a PNG, JPEG or WebP image; only those can be used (the file's contents decide, not its name).";

    public Validated<UploadedImage> ForImageToImage(ReadOnlyMemory<byte> file, int width, int height)
    {
        var decoded = Decode(file, maxEdge: null);
        if (!decoded.Success) return Validated.Fail<UploadedImage>(decoded.Error);
        var cropped = decoded.Value.CropCenterToAspect(width, height);
        var sized = cropped.Width == width && cropped.Height == height ? cropped : PngCodec.Resize(cropped, width, height);
        return Validated.Ok(new UploadedImage(PngCodec.Encode(sized), width, height));
    }

    public Validated<UploadedImage> ForUpscale(ReadOnlyMemory<byte> file)
    {
        var decoded = Decode(file, options.Value.MaxUpscaleInputEdge);
        if (!decoded.Success) return Validated.Fail<UploadedImage>(decoded.Error);
        return Validated.Ok(new UploadedImage(PngCodec.Encode(decoded.Value), decoded.Value.Width, decoded.Value.Height));
    }

    private Validated<RgbImage> Decode(ReadOnlyMemory<byte> file, int? maxEdge)
    {
        if (ImageFormat(file.Span) is null) return Validated.Fail<RgbImage>(NotAnImageMessage);
        try
        {
            var (width, height) = PngCodec.ReadSize(file.Span);
            if (maxEdge is { } edge && (width > edge || height > edge))
                return Validated.Fail<RgbImage>($"The image is {width}×{height}; the largest that can be upscaled is {edge}×{edge}.");
            return Validated.Ok(PngCodec.Decode(file.Span, options.Value.MaxInputImagePixels));
        }
        catch (DiffusionRequestException ex)
        {
            return Validated.Fail<RgbImage>(ex.Message);
        }
    }

    /// <summary>"PNG", "JPEG" or "WebP" from the file's signature; null for anything else.</summary>
    internal static string? ImageFormat(ReadOnlySpan<byte> file)
    {
        if (file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "PNG";
        if (file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "JPEG";
        if (file.Length >= 12 && file.StartsWith("RIFF"u8) && file[8..12].SequenceEqual("WEBP"u8)) return "WebP";
        return null;
    }
}
