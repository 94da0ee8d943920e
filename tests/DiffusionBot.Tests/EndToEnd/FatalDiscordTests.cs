using DiffusionBot.Bot;
using DiffusionBot.Cli;
using DiffusionBot.FakeDiscord;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>`run` against a Discord that refuses the bot for good: it stops at once with one line and exit code 3.</summary>
public sealed class FatalDiscordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_TokenRejectedByGatewayBot_StopsAtOnceWithOneClearLineAndExitCode3()
    {
        await using var discord = await FakeDiscordServer.StartAsync(Ct);
        discord.AcceptedBotToken = "the-right-token";
        var folder = Directory.CreateTempSubdirectory("diffusionbot-fatal-").FullName;
        using var stderr = new StringWriter();
        // A client that retries would run until this limit and then return 0.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(BotHarness.Timeout);

        var code = await CliApp.RunAsync(["run"], TextWriter.Null, stderr, limit.Token, Settings(discord, folder, gatewayUrl: ""), Quiet);

        Assert.Equal(BotHost.ConfigurationExitCode, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("401", line, StringComparison.Ordinal);
        Assert.Contains("Discord__Token", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.Equal(1, discord.RejectedTokenRequests); // GET /gateway/bot once, never retried
        Assert.Equal(0, discord.Gateway.ConnectionCount);
        Delete(folder);
    }

    [Theory]
    [InlineData(4004, "rejected the token")]
    [InlineData(4014, "privileged intent")]
    public async Task Run_FatalGatewayClose_ExitsWithCode3AndTheHint(int closeCode, string hint)
    {
        await using var discord = await FakeDiscordServer.StartAsync(Ct);
        discord.Gateway.AutoReady = false;
        var folder = Directory.CreateTempSubdirectory("diffusionbot-fatal-").FullName;
        using var stderr = new StringWriter();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(BotHarness.Timeout);

        var run = CliApp.RunAsync(["run"], TextWriter.Null, stderr, limit.Token, Settings(discord, folder, discord.GatewayUrl), Quiet);
        await discord.Gateway.WaitForFrameAsync(f => f.Op == 2, BotHarness.Timeout, Ct);
        await discord.Gateway.CloseAsync(closeCode, "refused", Ct);
        var code = await run;

        Assert.Equal(BotHost.ConfigurationExitCode, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(closeCode.ToString(System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        Assert.Contains(hint, line, StringComparison.Ordinal);
        Assert.Equal(1, discord.Gateway.ConnectionCount);
        Delete(folder);
    }

    private static void Quiet(Microsoft.Extensions.Hosting.HostApplicationBuilder builder) => builder.Logging.ClearProviders();

    private static Dictionary<string, string?> Settings(FakeDiscordServer discord, string folder, string gatewayUrl) => new()
    {
        ["Discord:Token"] = "a-rejected-token",
        ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
        ["Discord:GatewayUrl"] = gatewayUrl,
        ["Generator:DemoModelPath"] = Path.Combine(Path.GetTempPath(), "diffusionbot-tests-demo-model"),
        ["Generator:IntraOpThreads"] = "1",
        ["Storage:DatabasePath"] = Path.Combine(folder, "bot.db"),
        ["Storage:ImageDirectory"] = Path.Combine(folder, "images"),
    };

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
