using Xunit;
using DiffusionBot.Discord.Models;
using static DiffusionBot.Discord.Tests.Rest.RestHarness;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class DiscordRestClientUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A PNG signature followed by seeded pseudo-random bytes (every byte value, CR/LF included).</summary>
    private static byte[] FakePng(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public async Task EditOriginalResponseAsync_Png_ArrivesByteForByteWithAttachmentsArray()
    {
        await using var h = await StartAsync(Ct);
        var png = FakePng(200_000, seed: 1);

        var message = await h.Client.EditOriginalResponseAsync(
            AppId, InteractionToken,
            new MessageEdit
            {
                Content = "a red fox",
                Embeds = [new Embed { Title = "a red fox", Image = new EmbedMedia { Url = "attachment://fox.png" } }],
            },
            [FileAttachment.Png("fox.png", png, "a red fox, 512x512")], Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.StartsWith("multipart/form-data", request.ContentType);
        var file = Assert.Single(request.Files);
        Assert.Equal("files[0]", file.FieldName);
        Assert.Equal("fox.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, file.Content);
        var attachment = Assert.Single(request.Json!["attachments"]!.AsArray())!;
        Assert.Equal("0", (string?)attachment["id"]);
        Assert.Equal("fox.png", (string?)attachment["filename"]);
        Assert.Equal("a red fox, 512x512", (string?)attachment["description"]);
        Assert.Equal("attachment://fox.png", (string?)request.Json!["embeds"]![0]!["image"]!["url"]);
        Assert.Equal(png.Length, Assert.Single(message.Attachments!).Size);
    }

    [Fact]
    public async Task EditOriginalResponseAsync_ContentTypeWithCharset_ArrivesWithItsParameter()
    {
        await using var h = await StartAsync(Ct);
        var text = "a fox, (red:1.2)\nSteps: 20"u8.ToArray();

        await h.Client.EditOriginalResponseAsync(
            AppId, InteractionToken, new MessageEdit { Content = "parameters" },
            [new FileAttachment("parameters.txt", text, "Generation parameters", "text/plain; charset=utf-8")], Ct);

        var file = Assert.Single(Assert.Single(h.Server.Rest.Requests).Files);
        Assert.Equal("text/plain; charset=utf-8", file.ContentType);
        Assert.Equal(text, file.Content);
    }

    [Fact]
    public async Task CreateMessageAsync_TwoFilesAndKeptAttachment_ListsKeptThenUploadsByIndex()
    {
        await using var h = await StartAsync(Ct);
        var first = FakePng(1_000, seed: 2);
        var second = FakePng(2_000, seed: 3);

        await h.Client.EditMessageAsync(
            ChannelId, 90,
            new MessageEdit { Attachments = [new Attachment { Id = 1_234_567_890_123_456_789 }] },
            [FileAttachment.Png("a.png", first), FileAttachment.Png("b.png", second)], Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal(["files[0]", "files[1]"], request.Files.Select(f => f.FieldName));
        Assert.Equal(first, request.Files[0].Content);
        Assert.Equal(second, request.Files[1].Content);
        var attachments = request.Json!["attachments"]!.AsArray();
        Assert.Equal(["1234567890123456789", "0", "1"], attachments.Select(a => (string?)a!["id"]));
        Assert.Equal([null, "a.png", "b.png"], attachments.Select(a => (string?)a!["filename"]));
    }

    [Fact]
    public async Task CreateInteractionResponseAsync_WithFile_SendsMultipartCallback()
    {
        await using var h = await StartAsync(Ct);
        var png = FakePng(4_096, seed: 4);

        await h.Client.CreateInteractionResponseAsync(
            InteractionId, InteractionToken, InteractionResponse.Message("here"), [FileAttachment.Png("x.png", png)], Ct);

        var request = Assert.Single(h.Server.Rest.Requests);
        Assert.Equal(png, Assert.Single(request.Files).Content);
        Assert.Equal("x.png", (string?)request.Json!["data"]!["attachments"]![0]!["filename"]);
        Assert.Equal(4, (int?)request.Json!["type"]);
    }

    [Fact]
    public async Task CreateMessageAsync_FilesOverUploadLimit_ThrowsClearErrorWithoutSending()
    {
        await using var h = await StartAsync(Ct, options => options.MaxUploadBytes = 1_000);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.CreateMessageAsync(
            ChannelId, new MessageCreate(), [FileAttachment.Png("a.png", new byte[600]), FileAttachment.Png("b.png", new byte[600])], Ct));

        Assert.Contains("1,200 bytes, over the 1,000-byte upload limit (Discord:MaxUploadBytes)", error.Message);
        Assert.Empty(h.Server.Rest.Requests);
    }

    [Fact]
    public async Task CreateMessageAsync_ElevenFiles_ThrowsClearError()
    {
        await using var h = await StartAsync(Ct);
        var files = Enumerable.Range(0, 11).Select(i => FileAttachment.Png($"{i}.png", new byte[10])).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.CreateMessageAsync(ChannelId, new MessageCreate(), files, Ct));

        Assert.Contains("at most 10 files; got 11", error.Message);
    }

    [Fact]
    public async Task DefaultOptions_UploadLimit_IsDiscordsTenMebibytes()
    {
        Assert.Equal(10 * 1024 * 1024, new Options.DiscordOptions().MaxUploadBytes);
        await Task.CompletedTask;
    }
}
