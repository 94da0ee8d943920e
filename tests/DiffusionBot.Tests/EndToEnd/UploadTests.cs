using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.FakeDiscord.Cdn;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>Members' own pictures: /imagine image: (image-to-image) and /upscale image:, through the fake Discord and its CDN.</summary>
public sealed class UploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A PNG of noise (so it does not compress to nothing and can be cut short meaningfully).</summary>
    private static byte[] NoisePng(int width, int height)
    {
        var image = new RgbImage(width, height);
        new Random(7).NextBytes(image.Pixels);
        return PngCodec.Encode(image);
    }

    /// <summary>A valid PNG header claiming <paramref name="width"/>×<paramref name="height"/>, with a few bytes of image
    /// data: a decompression bomb's header, in 100 bytes.</summary>
    private static byte[] BombPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(new byte[4096]);
            Chunk(png, "IDAT", data.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32([.. typeBytes, .. data]));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static JsonObject WithImage(ulong id, ulong user, string command, FakeAttachment file, params (string Name, object Value)[] options)
    {
        var all = Options(options);
        all.Add(FileOption("image", file));
        return SlashWithFiles(id, user, command, all, file);
    }

    [Fact]
    public async Task ImagineWithImage_UploadedPng_PostsImageToImageResultAtTheRequestedSizeChargedLikeImagine()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        const ulong User = 6001;
        var file = bot.Discord.Cdn.Add(NoisePng(97, 75), "holiday.png", "image/png", width: 97, height: 75);
        var id = NextId();

        await bot.SendAsync(WithImage(id, User, "imagine", file, ("prompt", "red"), ("strength", 0.5)), Ct);
        var result = await bot.ResultAsync(id, Ct);

        Assert.Equal((64, 64), BotHarness.PngSize(result.Files[0].Content));
        Assert.Equal("Image to image", result.Json!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("0.5", BotHarness.Field(result, "Strength"));
        Assert.Equal("uploaded image", BotHarness.Field(result, "Source"));
        Assert.Equal(1, (await bot.Service<QuotaService>().GetStatusAsync(User, Ct)).Used);
        Assert.Equal(1, bot.Discord.Cdn.Requests);
        Assert.Equal(0, bot.Discord.Cdn.AuthorizedRequests);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Upscale_OddSizedPng_PostsTwiceTheSizeChargedLikeTheUpscaleButton()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        const ulong User = 6002;
        var file = bot.Discord.Cdn.Add(NoisePng(97, 75), "odd.png", "image/png");
        var id = NextId();

        await bot.SendAsync(WithImage(id, User, "upscale", file), Ct);
        var result = await bot.ResultAsync(id, Ct);

        Assert.Equal((194, 150), BotHarness.PngSize(result.Files[0].Content));
        Assert.Equal("Upscaled", result.Json!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("194x150", BotHarness.Field(result, "Size"));
        Assert.Equal(1, (await bot.Service<QuotaService>().GetStatusAsync(User, Ct)).Used);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task UnusableUploads_EachAnsweredEphemerallyNamingTheLimitAndNothingCharged()
    {
        await using var bot = await BotHarness.StartAsync(Ct, settings: new Dictionary<string, string?> { ["Limits:MaxUploadBytes"] = "65536" });
        const ulong User = 6003;
        var cdn = bot.Discord.Cdn;
        var whole = NoisePng(97, 75);
        Assert.True(whole.Length is > 8192 and < 65536, $"the noise PNG is {whole.Length} bytes");
        var cases = new (string Expected, string Command, FakeAttachment File)[]
        {
            ("The image is 100000×100000 (10000.0 megapixels); the largest accepted is 16.8 megapixels", "imagine", cdn.Add(BombPng(100_000, 100_000), "bomb.png", "image/png")),
            ("the largest that can be upscaled is 2048×2048", "upscale", cdn.Add(BombPng(100_000, 100_000), "bomb.png", "image/png")),
            ("could not be decoded", "upscale", cdn.Add(whole[..(whole.Length * 6 / 10)], "cut.png", "image/png")),
            ("could not be decoded", "imagine", cdn.Add(whole[..(whole.Length * 6 / 10)], "cut.png", "image/png")),
            ("not a PNG, JPEG or WebP image", "imagine", cdn.Add("just some text, honest"u8.ToArray(), "notes.png", "image/png")),
            ("The file is 100 KiB; the largest accepted is 64 KiB", "upscale", cdn.Add(new byte[100 * 1024], "huge.png", "image/png")),
            ("The file is larger than the 64 KiB accepted", "imagine", cdn.Add(new byte[100 * 1024], "liar.png", "image/png", declaredSize: 1000, chunked: true)),
        };
        var ids = new List<ulong>();
        foreach (var (_, command, file) in cases)
        {
            var id = NextId();
            ids.Add(id);
            (string, object)[] options = command == "imagine" ? [("prompt", "red")] : [];
            await bot.SendAsync(WithImage(id, User, command, file, options), Ct);
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var text = await bot.EphemeralAsync(ids[i], Ct);
            Assert.Contains(cases[i].Expected, text, StringComparison.Ordinal);
        }
        Assert.Empty(await bot.Service<IJobStore>().ListByRequesterAsync(User, null, 10, [], Ct));
        Assert.Equal(0, (await bot.Service<QuotaService>().GetStatusAsync(User, Ct)).Used);
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Files.Count > 0);
        bot.DeleteFolder();
    }
}
