using DiffusionBot.Bot.Health;
using DiffusionBot.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Tests.Cli;

/// <summary>The <c>health</c> verb as Docker's HEALTHCHECK runs it, against a state file and a fake clock.</summary>
public sealed class HealthCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);

    private async Task<(int Exit, string Out, string Error)> RunAsync(FakeTimeProvider time, Dictionary<string, string?> settings, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var configuration = new Dictionary<string, string?>(fixture.Configuration);
        foreach (var (key, value) in settings) configuration[key] = value;
        var exit = await CliApp.RunAsync(["health", .. args], stdout, stderr, TestContext.Current.CancellationToken, configuration,
            b => b.Services.AddSingleton<TimeProvider>(time));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private Dictionary<string, string?> StateAt(string name) =>
        new() { ["Health:StatePath"] = Path.Combine(fixture.Root, name) };

    [Fact]
    public async Task Health_FreshConnectedState_ExitsZero()
    {
        var settings = StateAt("fresh.json");
        await HealthStateFile.WriteAsync(settings["Health:StatePath"]!, new HealthState(Now, true, null, null), TestContext.Current.CancellationToken);

        var (exit, stdout, _) = await RunAsync(new FakeTimeProvider(Now.AddSeconds(20)), settings);

        Assert.Equal(0, exit);
        Assert.Contains("Healthy", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_GatewayDownPastLimit_ExitsOneWithReason()
    {
        var settings = StateAt("down.json");
        settings["Health:MaxGatewayDisconnected"] = "00:02:00";
        var time = new FakeTimeProvider(Now);
        await HealthStateFile.WriteAsync(settings["Health:StatePath"]!, new HealthState(Now, false, Now.AddMinutes(-2), null), TestContext.Current.CancellationToken);
        Assert.Equal(0, (await RunAsync(time, settings)).Exit);

        time.Advance(TimeSpan.FromSeconds(1));
        var (exit, _, stderr) = await RunAsync(time, settings);

        Assert.Equal(1, exit);
        Assert.Contains("gateway has been disconnected", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoStateFile_ExitsOne()
    {
        var (exit, _, stderr) = await RunAsync(new FakeTimeProvider(Now), StateAt("missing.json"));

        Assert.Equal(1, exit);
        Assert.Contains("No health state", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_InvalidLimits_ExitsOneNamingTheKey()
    {
        var settings = StateAt("any.json");
        settings["Health:MaxStateAge"] = "00:00:05";

        var (exit, _, stderr) = await RunAsync(new FakeTimeProvider(Now), settings);

        Assert.Equal(1, exit);
        Assert.Contains("Health:MaxStateAge", stderr, StringComparison.Ordinal);
    }
}
