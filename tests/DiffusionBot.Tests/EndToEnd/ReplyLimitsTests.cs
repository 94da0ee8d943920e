using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>/history at its documented maximum and /stats, through the real host, as Discord receives them.</summary>
public sealed class ReplyLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task History_Count25OfLongPrompts_EmbedWithinLimitsListingAll()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var store = bot.Service<IJobStore>();
        var ids = new List<JobId>();
        for (var i = 0; i < 25; i++)
        {
            var job = new Job(new JobId(1_000_000_000_000 + i), JobKind.Imagine, new JobOrigin(3100, GuildId, ChannelId, null), new JobParameters
            {
                NoiseSource = "cpu",
                Prompt = "a very long prompt " + new string('x', 900),
                Seed = uint.MaxValue,
                Steps = 2,
                Guidance = 7.5,
                Width = 64,
                Height = 64,
                Count = 1,
                Model = "stable-diffusion-v1-5",
                Scheduler = "euler_a",
            }, 1, DateTimeOffset.UtcNow.AddMinutes(-i));
            job.MarkCancelled(DateTimeOffset.UtcNow);
            await store.SaveAsync(job, Ct);
            ids.Add(job.Id);
        }

        var id = NextId();
        await bot.SendAsync(Slash(id, 3100, "history", Options(("count", 25L))), Ct);
        var edit = await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(id), BotHarness.Timeout, Ct);

        var content = edit.Json!["content"]?.GetValue<string>() ?? "";
        var description = edit.Json!["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.True(content.Length <= MessageLimits.Content);
        Assert.True(description.Length <= MessageLimits.EmbedDescription, $"{description.Length} characters");
        Assert.All(ids, j => Assert.Contains($"`{j}`", description, StringComparison.Ordinal));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task UnknownCommand_HugeName_RefusalEchoesItShortened()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var id = NextId();

        await bot.SendAsync(Slash(id, 3300, new string('z', 3000)), Ct);
        var reply = await bot.EphemeralAsync(id, Ct);

        Assert.StartsWith("Unknown command '/zzz", reply, StringComparison.Ordinal);
        Assert.True(reply.Length < 200, $"{reply.Length} characters");
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Stats_ModeratorGetsEmbedNonModeratorRefused()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var imagine = NextId();
        await bot.SendAsync(Slash(imagine, 3200, "imagine", Options(("prompt", "a red fox"))), Ct);
        await bot.ResultAsync(imagine, Ct);

        var refused = NextId();
        await bot.SendAsync(Slash(refused, 3200, "stats"), Ct);
        Assert.Contains("moderator", await bot.EphemeralAsync(refused, Ct), StringComparison.OrdinalIgnoreCase);

        var stats = NextId();
        await bot.SendAsync(Slash(stats, 9200, "stats", Options(("days", 3L)), ManageGuild), Ct);
        var edit = await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(stats), BotHarness.Timeout, Ct);

        var embed = edit.Json!["embeds"]![0]!;
        Assert.Equal("Stats", embed["title"]!.GetValue<string>());
        Assert.EndsWith(": 1 job(s)", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("<@3200>: 1", BotHarness.Field(edit, "Top users by images"));
        Assert.Equal($"{bot.Service<DiffusionBot.Core.Ports.IModelCatalog>().Default.Name}: 1", BotHarness.Field(edit, "Jobs per model"));
        Assert.Equal(3, BotHarness.Field(edit, "Jobs per day").Split('\n').Length);
        bot.DeleteFolder();
    }
}
