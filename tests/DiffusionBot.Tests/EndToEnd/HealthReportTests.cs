using DiffusionBot.Bot.Health;
using DiffusionBot.Cli;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>The running bot writes the state file; the <c>health</c> verb reads it as Docker would.</summary>
public sealed class HealthReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunningBot_AfterReady_HealthVerbReportsHealthy()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Health:WriteInterval"] = "00:00:00.100",
            ["Health:MaxStateAge"] = "00:00:30",
        };
        await using var bot = await BotHarness.StartAsync(Ct, settings: settings);
        var path = Path.Combine(bot.Folder, "health.json");
        settings["Health:StatePath"] = path;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(BotHarness.Timeout);
        HealthState? state;
        while ((state = await HealthStateFile.ReadAsync(path, deadline.Token)) is not { GatewayConnected: true })
            await Task.Delay(50, deadline.Token);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["health"], stdout, stderr, Ct, settings);

        Assert.Null(state.GatewayDownSince);
        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains("gateway connected", stdout.ToString(), StringComparison.Ordinal);
        bot.DeleteFolder();
    }
}
