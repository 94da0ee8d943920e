using DiffusionBot.Core.Commands;

namespace DiffusionBot.Core.Ports;

/// <summary>
/// Members' own pictures (PNG, JPEG or WebP, recognised by their first bytes, not by name or declared type) turned into
/// the PNG a job starts from. Width and height come from the file's header and are checked against the pixel limit before
/// any pixel is decoded; a file that is not a whole image of an accepted type is refused. Errors are user-facing and name
/// the limit.
/// </summary>
public interface IUploadedImages
{
    /// <summary>The source of an image-to-image job: center-cropped to the aspect of <paramref name="width"/>×<paramref name="height"/>
    /// (a size the model allows), then resized to exactly that size.</summary>
    Validated<UploadedImage> ForImageToImage(ReadOnlyMemory<byte> file, int width, int height);

    /// <summary>The source of an upscale: the same pixels as PNG; refused when an edge is over the upscaler's input limit.</summary>
    Validated<UploadedImage> ForUpscale(ReadOnlyMemory<byte> file);
}

/// <summary>An upload made ready for the generator: PNG bytes and their size.</summary>
public sealed record UploadedImage(byte[] Png, int Width, int Height);
