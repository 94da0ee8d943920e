using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>
/// Accepts every upload unless a test sets <see cref="Problem"/>: the "PNG" it returns is the upload's bytes behind a
/// marker and the size asked for (image-to-image) or <see cref="UploadSize"/> (upscale).
/// </summary>
internal sealed class FakeUploadedImages : IUploadedImages
{
    public static readonly byte[] Marker = "prepared:"u8.ToArray();

    public string? Problem { get; set; }

    public (int Width, int Height) UploadSize { get; set; } = (97, 75);

    public Validated<UploadedImage> ForImageToImage(ReadOnlyMemory<byte> file, int width, int height) =>
        Problem is { } problem ? Validated.Fail<UploadedImage>(problem) : Validated.Ok(new UploadedImage(Prepared(file), width, height));

    public Validated<UploadedImage> ForUpscale(ReadOnlyMemory<byte> file) =>
        Problem is { } problem ? Validated.Fail<UploadedImage>(problem) : Validated.Ok(new UploadedImage(Prepared(file), UploadSize.Width, UploadSize.Height));

    public static byte[] Prepared(ReadOnlyMemory<byte> file) => [.. Marker, .. file.Span];
}
