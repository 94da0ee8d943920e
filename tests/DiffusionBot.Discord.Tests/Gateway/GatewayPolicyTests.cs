using DiffusionBot.Discord.Gateway;
using Xunit;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class GatewayPolicyTests
{
    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public void Classify_FatalCodes_AreFatal(int code) =>
        Assert.Equal(CloseCodeAction.Fatal, GatewayCloseCodes.Classify(code));

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public void Classify_InvalidSeqAndSessionTimeout_Reidentify(int code) =>
        Assert.Equal(CloseCodeAction.Reidentify, GatewayCloseCodes.Classify(code));

    [Theory]
    [InlineData(null)]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1006)]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4008)]
    public void Classify_OtherCodes_Reconnect(int? code) =>
        Assert.Equal(CloseCodeAction.Reconnect, GatewayCloseCodes.Classify(code));

    [Fact]
    public void FatalHint_AuthenticationFailed_NamesTheEnvironmentVariable() =>
        Assert.Contains("Discord__Token", GatewayCloseCodes.FatalHint(4004), StringComparison.Ordinal);

    [Fact]
    public void NextDelay_RepeatedFailures_DoublesWithinBounds()
    {
        var backoff = new GatewayBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new FixedGatewayRandom(0.999999));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay().TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 10, 10, 10, 10], delays.Select(d => Math.Round(d, 3)));
    }

    [Fact]
    public void NextDelay_LowestJitter_NeverBelowMinimum()
    {
        var backoff = new GatewayBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new FixedGatewayRandom(0));

        var delays = Enumerable.Range(0, 40).Select(_ => backoff.NextDelay()).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(30), delays[^1]); // half of the 60 s ceiling
    }

    [Fact]
    public void NextDelay_AfterReset_StartsOverAtMinimum()
    {
        var backoff = new GatewayBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new FixedGatewayRandom(0.999999));
        _ = backoff.NextDelay();
        _ = backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(1, Math.Round(backoff.NextDelay().TotalSeconds, 3));
    }

    [Theory]
    [InlineData("wss://gateway.discord.gg", "wss://gateway.discord.gg/?v=10&encoding=json")]
    [InlineData("wss://gateway-us-east1-b.discord.gg/", "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json")]
    [InlineData("ws://127.0.0.1:5000/gateway", "ws://127.0.0.1:5000/gateway?v=10&encoding=json")]
    [InlineData("ws://127.0.0.1:5000/gateway?x=1", "ws://127.0.0.1:5000/gateway?x=1&v=10&encoding=json")]
    public void WithVersionAndEncoding_Url_AppendsQuery(string url, string expected) =>
        Assert.Equal(expected, GatewayUrl.WithVersionAndEncoding(new Uri(url)).AbsoluteUri);
}
