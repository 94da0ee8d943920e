using DiffusionBot.Discord.Attachments;
using DiffusionBot.Discord.Models;
using DiffusionBot.FakeDiscord.Cdn;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class AttachmentDownloaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31))];

    private static Attachment ToAttachment(FakeAttachment file) => new()
    {
        Id = file.Id,
        Filename = file.Filename,
        ContentType = file.ContentType,
        Size = file.Size,
        Url = file.Url.ToString(),
        ProxyUrl = file.Url.ToString(),
    };

    [Fact]
    public async Task DownloadAsync_FileWithinCap_ReturnsItsBytesWithoutTheBotToken()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var content = Bytes(10_000);
        var file = harness.Server.Cdn.Add(content, "cat picture.png", "image/png");

        var bytes = await harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(ToAttachment(file), 10_000, Ct);

        Assert.Equal(content, bytes);
        Assert.Equal(1, harness.Server.Cdn.Requests);
        Assert.Equal(0, harness.Server.Cdn.AuthorizedRequests);
    }

    [Fact]
    public async Task DownloadAsync_DeclaredSizeOverCap_RefusesWithoutFetching()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var file = harness.Server.Cdn.Add(Bytes(100), "big.png", "image/png", declaredSize: 5 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<AttachmentDownloadException>(() =>
            harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(ToAttachment(file), 1024 * 1024, Ct));

        Assert.True(error.TooLarge);
        Assert.Equal("The file is 5 MiB; the largest accepted is 1 MiB.", error.Message);
        Assert.Equal(0, harness.Server.Cdn.Requests);
    }

    [Fact]
    public async Task DownloadAsync_ContentLengthOverCap_RefusesBeforeReadingTheBody()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var file = harness.Server.Cdn.Add(Bytes(3000), "liar.png", "image/png", declaredSize: 10);

        var error = await Assert.ThrowsAsync<AttachmentDownloadException>(() =>
            harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(ToAttachment(file), 2048, Ct));

        Assert.True(error.TooLarge);
        Assert.Contains("2.9 KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_ChunkedBodyPastCapWithSmallDeclaredSize_StopsReadingAndRefuses()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var file = harness.Server.Cdn.Add(Bytes(200_000), "liar.png", "image/png", declaredSize: 10, chunked: true);

        var error = await Assert.ThrowsAsync<AttachmentDownloadException>(() =>
            harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(ToAttachment(file), 50_000, Ct));

        Assert.True(error.TooLarge);
        Assert.Equal("The file is larger than the 48.8 KiB accepted.", error.Message);
    }

    [Fact]
    public async Task DownloadAsync_ChunkedBodyExactlyAtCap_ReturnsIt()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var content = Bytes(50_000);
        var file = harness.Server.Cdn.Add(content, "fits.png", "image/png", chunked: true);

        var bytes = await harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(ToAttachment(file), 50_000, Ct);

        Assert.Equal(content, bytes);
    }

    [Fact]
    public async Task DownloadAsync_FileMissingOnCdn_FailsWithStatusAndWithoutUrl()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var file = harness.Server.Cdn.Add(Bytes(10), "gone.png", "image/png");
        var missing = ToAttachment(file) with { Url = file.Url.ToString().Replace(file.IdText, "1", StringComparison.Ordinal), ProxyUrl = null };

        var error = await Assert.ThrowsAsync<AttachmentDownloadException>(() =>
            harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(missing, 1000, Ct));

        Assert.False(error.TooLarge);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_CancelledToken_Throws()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var file = harness.Server.Cdn.Add(Bytes(10), "a.png", "image/png");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(ToAttachment(file), 1000, cancelled.Token));
    }

    [Fact]
    public async Task DownloadAsync_NoHttpAddress_Fails()
    {
        await using var harness = await RestHarness.StartAsync(Ct);
        var attachment = new Attachment { Id = 5, Filename = "x.png", Size = 3, Url = "file:///etc/passwd" };

        var error = await Assert.ThrowsAsync<AttachmentDownloadException>(() =>
            harness.Services.GetRequiredService<IAttachmentDownloader>().DownloadAsync(attachment, 1000, Ct));

        Assert.Equal("The attachment has no download address.", error.Message);
    }
}
