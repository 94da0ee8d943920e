using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Png;

public sealed class PngTextChunksTests
{
    private static byte[] SmallPng()
    {
        var image = new RgbImage(3, 2);
        for (var i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(i * 13);
        return PngCodec.Encode(image);
    }

    private static List<(string Type, byte[] Data, uint Crc)> Chunks(byte[] png) =>
        [.. PngTextChunks.ReadChunks(png).Select(c => (c.Type, png.AsSpan(c.DataStart, c.Length).ToArray(), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(c.CrcStart))))];

    private static byte[] InsertAfterIhdr(byte[] png, byte[] chunk) =>
        [.. png.AsSpan(0, 33), .. chunk, .. png.AsSpan(33)];

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflater = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            deflater.Write(data);
        return output.ToArray();
    }

    [Fact]
    public void Crc32_IendChunkType_IsTheValueEveryPngEndsWith() =>
        Assert.Equal(0xAE426082u, PngTextChunks.Crc32("IEND"u8));

    [Fact]
    public void WithText_Latin1_AddsTEXtAfterIhdrWithValidCrcAndKeepsThePixels()
    {
        var png = SmallPng();
        const string text = "a café, at noon\nSteps: 20, Sampler: Euler a, Seed: 1";

        var tagged = PngTextChunks.WithText(png, "parameters", text);

        var chunks = Chunks(tagged);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("tEXt", chunks[1].Type);
        Assert.Equal([.. "parameters"u8, 0, .. Encoding.Latin1.GetBytes(text)], chunks[1].Data);
        Assert.All(chunks, c => Assert.Equal(PngTextChunks.Crc32([.. Encoding.ASCII.GetBytes(c.Type), .. c.Data]), c.Crc));
        Assert.Equal(text, PngTextChunks.ReadText(tagged, "parameters"));
        Assert.Equal(PngCodec.Decode(png).Pixels, PngCodec.Decode(tagged).Pixels);
    }

    [Fact]
    public void WithText_NotLatin1_WritesUncompressedITXtInUtf8()
    {
        const string text = "富士山 at dawn 🌅\nSteps: 20, Seed: 3, Size: 8x8";

        var tagged = PngTextChunks.WithText(SmallPng(), "parameters", text);

        var chunk = Assert.Single(Chunks(tagged), c => c.Type is "tEXt" or "iTXt");
        Assert.Equal("iTXt", chunk.Type);
        Assert.Equal([.. "parameters"u8, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)], chunk.Data);
        Assert.Equal(text, PngTextChunks.ReadText(tagged, "parameters"));
    }

    [Fact]
    public void WithText_SameKeywordTwice_KeepsOnlyTheNewText()
    {
        var once = PngTextChunks.WithText(SmallPng(), "parameters", "first");
        var twice = PngTextChunks.WithText(PngTextChunks.WithText(once, "Software", "DiffusionBot"), "parameters", "second, ünïcode ✓");

        Assert.Equal(
            [new KeyValuePair<string, string>("parameters", "second, ünïcode ✓"), new KeyValuePair<string, string>("Software", "DiffusionBot")],
            PngTextChunks.ReadAll(twice));
    }

    [Fact]
    public void ReadText_CompressedZTXtAndITXt_AreInflated()
    {
        var png = SmallPng();
        var zText = PngTextChunks.Chunk("zTXt", [.. "Comment"u8, 0, 0, .. Zlib(Encoding.Latin1.GetBytes("zipped, Latin-1 é"))]);
        var iText = PngTextChunks.Chunk("iTXt", [.. "parameters"u8, 0, 1, 0, .. "ja"u8, 0, .. "パラメータ"u8, 0, .. Zlib(Encoding.UTF8.GetBytes("猫, Steps: 4"))]);

        var tagged = InsertAfterIhdr(InsertAfterIhdr(png, iText), zText);

        Assert.Equal("zipped, Latin-1 é", PngTextChunks.ReadText(tagged, "Comment"));
        Assert.Equal("猫, Steps: 4", PngTextChunks.ReadText(tagged, "parameters"));
        Assert.Null(PngTextChunks.ReadText(tagged, "Title"));
    }

    [Fact]
    public void WithText_NotAPng_RefusedClearly()
    {
        var error = Assert.Throws<DiffusionRequestException>(() => PngTextChunks.WithText("GIF89a-not-a-png"u8, "parameters", "x"));
        Assert.Contains("not a PNG", error.Message);
    }

    [Fact]
    public void WithText_TruncatedPng_RefusedClearly()
    {
        var png = SmallPng();
        var error = Assert.Throws<DiffusionRequestException>(() => PngTextChunks.ReadText(png.AsSpan(0, png.Length - 20), "parameters"));
        Assert.Contains("truncated", error.Message);
    }
}
