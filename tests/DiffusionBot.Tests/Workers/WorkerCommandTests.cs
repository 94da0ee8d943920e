using DiffusionBot.Cli;

namespace DiffusionBot.Tests.Workers;

public sealed class WorkerCommandTests
{
    [Fact]
    public async Task Worker_WithoutRedis_ExitsWithHowToConfigureIt()
    {
        using var stderr = new StringWriter();
        var settings = new Dictionary<string, string?> { ["Workers:Redis"] = "", ["Generator:DemoModelPath"] = WorkerSettings.DemoModel };

        var exit = await CliApp.RunAsync(["worker"], TextWriter.Null, stderr, TestContext.Current.CancellationToken, settings);

        Assert.Equal(3, exit);
        Assert.Contains("Workers__Redis", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_WithArguments_IsRefusedAsBadUsage()
    {
        using var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["worker", "--gpu", "1"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("worker takes no arguments", stderr.ToString(), StringComparison.Ordinal);
    }
}
