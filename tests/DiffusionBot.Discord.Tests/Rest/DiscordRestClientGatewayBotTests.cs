using System.Net;
using System.Text;
using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DiffusionBot.Discord.Tests.Rest;

/// <summary>GET /gateway/bot is served by the gateway half of the fake, so this test answers it with a stub handler.</summary>
public sealed class DiscordRestClientGatewayBotTests
{
    private sealed class StubHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var json = """{"url":"wss://gateway.discord.gg","shards":2,"session_start_limit":{"total":1000,"remaining":998,"reset_after":14400000,"max_concurrency":1}}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public async Task GetGatewayBotAsync_ApiBaseUrlWithPath_GetsGatewayBotWithBotToken()
    {
        using var stub = new StubHandler();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<DiscordOptions>().Configure(o =>
        {
            o.Token = RestHarness.BotToken;
            o.ApiBaseUrl = "https://discord.example.invalid/api/v10";
        });
        services.AddDiscordRest();
        services.AddHttpClient(DiscordRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        var gateway = await provider.GetRequiredService<IDiscordRestClient>().GetGatewayBotAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://discord.example.invalid/api/v10/gateway/bot", request.RequestUri!.ToString());
        Assert.Equal("Bot " + RestHarness.BotToken, request.Headers.Authorization!.ToString());
        Assert.Matches(@"^DiscordBot \(https://[^,()]+, [0-9][^,()]*\)$", request.Headers.UserAgent.ToString());
        Assert.Equal("wss://gateway.discord.gg", gateway.Url);
        Assert.Equal(2, gateway.Shards);
        Assert.Equal(998, gateway.SessionStartLimit.Remaining);
        Assert.Equal(14_400_000, gateway.SessionStartLimit.ResetAfter);
        Assert.Equal(1, gateway.SessionStartLimit.MaxConcurrency);
    }
}
