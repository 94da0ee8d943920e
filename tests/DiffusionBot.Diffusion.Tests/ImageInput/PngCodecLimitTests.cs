using System.Buffers.Binary;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.ImageInput;

/// <summary>The pixel count comes from the header, so a small file that claims a huge image is refused before
/// anything is decoded (a decompression bomb).</summary>
public sealed class PngCodecLimitTests
{
    [Fact]
    public void Decode_HeaderClaimsMorePixelsThanTheLimit_IsRefusedWithItsSize()
    {
        var bomb = WithHeaderSize(PngCodec.Encode(new RgbImage(4, 4)), 50_000, 40_000);

        var error = Assert.Throws<DiffusionRequestException>(() => PngCodec.Decode(bomb, maxPixels: 16_777_216));

        Assert.Contains("50000×40000", error.Message);
        Assert.Equal((50_000, 40_000), PngCodec.ReadSize(bomb));
    }

    [Fact]
    public void Decode_WithinTheLimit_Decodes()
    {
        var image = PngCodec.Decode(PngCodec.Encode(new RgbImage(4, 3)), maxPixels: 12);

        Assert.Equal((4, 3), (image.Width, image.Height));
    }

    /// <summary>Rewrites the IHDR width and height (and its CRC) of a PNG.</summary>
    private static byte[] WithHeaderSize(byte[] png, int width, int height)
    {
        var copy = (byte[])png.Clone();
        var ihdr = Assert.Single(PngTextChunks.ReadChunks(copy), c => c.Type == "IHDR");
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(ihdr.DataStart), width);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(ihdr.DataStart + 4), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(ihdr.CrcStart), PngTextChunks.Crc32(copy.AsSpan(ihdr.Start + 4, 4 + ihdr.Length)));
        return copy;
    }
}
