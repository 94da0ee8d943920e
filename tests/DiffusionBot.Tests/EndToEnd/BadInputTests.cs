using DiffusionBot.Core.Ports;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

public sealed class BadInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BadInputs_EachGetsAClearEphemeralErrorAndNoJobOrCharge()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        const ulong User = 4001;
        var cases = new (string Expected, System.Text.Json.Nodes.JsonObject Payload)[]
        {
            ("Steps must be between 1 and 50", Slash(0, User, "imagine", Options(("prompt", "x"), ("steps", 10000L)))),
            ("The prompt is empty", Slash(0, User, "imagine", Options(("prompt", "   ")))),
            ("the limit is 1000", Slash(0, User, "imagine", Options(("prompt", new string('a', 4000))))),
            ("Unknown option 'style'", Slash(0, User, "imagine", Options(("prompt", "x"), ("style", "anime")))),
            ("Unknown size", Slash(0, User, "imagine", Options(("prompt", "x"), ("size", "4096x4096")))),
            ("weights must be between −10 and 10", Slash(0, User, "imagine", Options(("prompt", "a (fox:12)")))),
            ("The negative prompt gives \"blur\" a weight of -11", Slash(0, User, "imagine", Options(("prompt", "a fox"), ("negative", "(blur:-11)")))),
            ("The prompt needs 11 chunks", Slash(0, User, "imagine", Options(("prompt", string.Join(" BREAK ", Enumerable.Repeat("red", 11)))))),
            ("Unknown command", Slash(0, User, "sudo")),
            ("unknown or older version", Button(0, User, "hack:reroll:1")),
            ("garbled", Button(0, User, "db1:upscale:abc")),
            ("no longer exists", Button(0, User, "db1:reroll:zzzzzz")),
            ("no longer exists", Button(0, User, "db1:delete:12345")),
        };
        var ids = new List<ulong>();
        foreach (var (_, payload) in cases)
        {
            var id = NextId();
            ids.Add(id);
            payload["id"] = BotHarness.Id(id);
            payload["token"] = TokenFor(id);
            await bot.SendAsync(payload, Ct);
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var text = await bot.EphemeralAsync(ids[i], Ct);
            Assert.Contains(cases[i].Expected, text, StringComparison.Ordinal);
            var callback = await bot.CallbackAsync(ids[i], Ct);
            Assert.Contains(callback.Json!["type"]!.GetValue<int>(), new[] { 4, 5 });
        }
        Assert.Empty(await bot.Service<IJobStore>().ListByRequesterAsync(User, null, 10, [], Ct));
        Assert.Equal(0, (await bot.Service<DiffusionBot.Core.Quotas.QuotaService>().GetStatusAsync(User, Ct)).Used);
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Files.Count > 0);
        bot.DeleteFolder();
    }
}
