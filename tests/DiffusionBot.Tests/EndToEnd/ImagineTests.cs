using DiffusionBot.Bot.Notifications;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

public sealed class ImagineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Imagine_ValidPrompt_DefersWhileWorkerIsBusyThenPostsPngWithEmbedAndButtons()
    {
        // Another job holds the worker, so this one is deterministically still queued when its "Queued" edit goes out
        // (on an idle worker the job may start first, and the notifier rightly skips a stale "Queued"). Its defer
        // arriving while the worker is held shows the bot does not wait for generation to acknowledge; how fast it
        // acknowledges is measured by the bot-latency benchmark, not asserted here.
        await using var bot = await BotHarness.StartAsync(Ct, gateOpen: false);
        await bot.SendAsync(Slash(NextId(), 1000, "imagine", Options(("prompt", "ahead in the queue"))), Ct);
        await bot.Generator.WhenCalledAsync(1, Ct);
        var id = NextId();

        await bot.SendAsync(Slash(id, 1001, "imagine", Options(("prompt", "a lighthouse at dawn"), ("seed", 42L), ("negative", "blurry"))), Ct);
        var callback = await bot.CallbackAsync(id, Ct);
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Files.Count > 0);
        await bot.EditAsync(id, c => c.Contains("Queued", StringComparison.Ordinal), Ct);
        bot.Generator.Open();
        var result = await bot.ResultAsync(id, Ct);

        Assert.Equal(5, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal((64, 64), BotHarness.PngSize(result.Files[0].Content));
        Assert.EndsWith(".png", result.Files[0].FileName, StringComparison.Ordinal);
        Assert.Equal("a lighthouse at dawn", BotHarness.Field(result, "Prompt"));
        Assert.Equal("blurry", BotHarness.Field(result, "Negative"));
        Assert.Equal("42", BotHarness.Field(result, "Seed"));
        Assert.Equal("2", BotHarness.Field(result, "Steps"));
        Assert.Equal("64x64", BotHarness.Field(result, "Size"));
        Assert.Equal("euler_a", BotHarness.Field(result, "Scheduler"));
        Assert.Equal(TestModelCatalog.DefaultName + " — " + ResultMessage.DemoModelLabel, BotHarness.Field(result, "Model"));
        Assert.Contains("<@1001>", BotHarness.Field(result, "Requested by"), StringComparison.Ordinal);
        Assert.Contains("s", BotHarness.Field(result, "Time"), StringComparison.Ordinal);
        Assert.Equal("attachment://" + result.Files[0].FileName, result.Json!["embeds"]![0]!["image"]!["url"]!.GetValue<string>());
        var actions = BotHarness.CustomIds(result).Select(c => ButtonCustomId.TryParse(c).Id!.Action).ToArray();
        Assert.Equal([ButtonAction.Reroll, ButtonAction.Edit, ButtonAction.Info, ButtonAction.Delete, ButtonAction.Upscale, ButtonAction.Variation], actions);
        var queued = bot.Rest.Requests.First(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(id));
        Assert.Contains("Queued", queued.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(BotHarness.CustomIds(queued), c => ButtonCustomId.TryParse(c).Id!.Action == ButtonAction.Cancel);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_FlaggedBySafetyChecker_PostsSpoilerFileWithNote()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var flagged = NextId();
        var clean = NextId();

        await bot.SendAsync(Slash(flagged, 1005, "imagine", Options(("prompt", "magenta"))), Ct);
        await bot.SendAsync(Slash(clean, 1005, "imagine", Options(("prompt", "purple"))), Ct);
        var flaggedResult = await bot.ResultAsync(flagged, Ct);
        var cleanResult = await bot.ResultAsync(clean, Ct);

        Assert.StartsWith("SPOILER_", flaggedResult.Files[0].FileName, StringComparison.Ordinal);
        Assert.Contains("safety checker", flaggedResult.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("SPOILER_", cleanResult.Files[0].FileName, StringComparison.Ordinal);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_ResultTooLargeToUpload_RequesterIsToldAndJobStaysStored()
    {
        await using var bot = await BotHarness.StartAsync(Ct, settings: new Dictionary<string, string?> { ["Discord:MaxUploadBytes"] = "16" });
        var id = NextId();

        await bot.SendAsync(Slash(id, 1006, "imagine", Options(("prompt", "too big to post"))), Ct);
        var notice = await bot.EditAsync(id, c => c.Contains("could not be posted", StringComparison.Ordinal), Ct);

        Assert.Empty(notice.Json!["components"]!.AsArray());
        var history = await bot.Service<DiffusionBot.Core.Ports.IJobStore>().ListByRequesterAsync(1006, null, 1, [], Ct);
        var job = Assert.Single(history);
        Assert.Equal(DiffusionBot.Core.Jobs.JobStatus.Succeeded, job.Status);
        Assert.Contains(job.Id.ToString(), notice.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(await bot.Service<DiffusionBot.Core.Ports.IImageStore>().LoadAsync(job.Id, 0, Ct));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_CountFour_PostsOneGridWithFourUpscaleAndVariationButtons()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var id = NextId();

        await bot.SendAsync(Slash(id, 1002, "imagine", Options(("prompt", "four cats"), ("count", 4L), ("seed", 7L))), Ct);
        var result = await bot.ResultAsync(id, Ct);

        Assert.Single(result.Files);
        Assert.Equal((128, 128), BotHarness.PngSize(result.Files[0].Content));
        Assert.Equal("7, 8, 9, 10", BotHarness.Field(result, "Seed"));
        var grid = GenerationInfotext.Parse(PngTextChunks.ReadText(result.Files[0].Content, "parameters")!);
        Assert.Equal(("four cats", 7L, 64, 64, "cpu"), (grid.Prompt, grid.Seed!.Value, grid.Width!.Value, grid.Height!.Value, grid.NoiseSource));
        Assert.Equal(4, BotHarness.CustomIds(result).Count(c => ButtonCustomId.TryParse(c).Id!.Action == ButtonAction.Upscale));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Buttons_RerollUpscaleVaryAndDelete_EachDoesItsJob()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var first = NextId();
        await bot.SendAsync(Slash(first, 1003, "imagine", Options(("prompt", "a red fox"), ("seed", 5L))), Ct);
        var original = await bot.ResultAsync(first, Ct);
        var ids = BotHarness.CustomIds(original);
        string IdFor(ButtonAction action) => ids.First(c => ButtonCustomId.TryParse(c).Id!.Action == action);

        var reroll = NextId();
        await bot.SendAsync(Button(reroll, 1003, IdFor(ButtonAction.Reroll)), Ct);
        var rerolled = await bot.ResultAsync(reroll, Ct);
        Assert.NotEqual("5", BotHarness.Field(rerolled, "Seed"));
        Assert.Equal("a red fox", BotHarness.Field(rerolled, "Prompt"));

        var upscale = NextId();
        await bot.SendAsync(Button(upscale, 1003, IdFor(ButtonAction.Upscale)), Ct);
        var upscaled = await bot.ResultAsync(upscale, Ct);
        Assert.Equal((128, 128), BotHarness.PngSize(upscaled.Files[0].Content));
        Assert.Equal(PngTextChunks.ReadText(original.Files[0].Content, "parameters"), PngTextChunks.ReadText(upscaled.Files[0].Content, "parameters"));
        Assert.StartsWith("Postprocess upscale by: 2, Postprocess upscaler: ", PngTextChunks.ReadText(upscaled.Files[0].Content, "postprocessing"));
        Assert.Equal([ButtonAction.Info, ButtonAction.Delete], BotHarness.CustomIds(upscaled).Select(c => ButtonCustomId.TryParse(c).Id!.Action));

        var vary = NextId();
        await bot.SendAsync(Button(vary, 1003, IdFor(ButtonAction.Variation)), Ct);
        var varied = await bot.ResultAsync(vary, Ct);
        Assert.Equal((64, 64), BotHarness.PngSize(varied.Files[0].Content));
        Assert.NotNull(BotHarness.Field(varied, "Strength"));
        var variation = GenerationInfotext.Parse(PngTextChunks.ReadText(varied.Files[0].Content, "parameters")!);
        Assert.Equal(("a red fox", 0.6), (variation.Prompt, variation.DenoisingStrength!.Value));

        var stranger = NextId();
        await bot.SendAsync(Button(stranger, 2999, IdFor(ButtonAction.Reroll)), Ct);
        Assert.Contains("Only the person who asked", await bot.EphemeralAsync(stranger, Ct), StringComparison.Ordinal);

        var delete = NextId();
        await bot.SendAsync(Button(delete, 1003, IdFor(ButtonAction.Delete)), Ct);
        await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.DeleteOriginal && r.RouteValues["interaction_token"] == TokenFor(first), BotHarness.Timeout, Ct);
        var deleteCallback = await bot.CallbackAsync(delete, Ct);
        Assert.Equal(64, deleteCallback.Json!["data"]!["flags"]!.GetValue<int>());
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Cancel_QueuedJob_IsCancelledAndRefunded()
    {
        await using var bot = await BotHarness.StartAsync(Ct, gateOpen: false);
        var running = NextId();
        var waiting = NextId();
        await bot.SendAsync(Slash(running, 1004, "imagine", Options(("prompt", "first"))), Ct);
        await bot.Generator.WhenCalledAsync(1, Ct);
        await bot.SendAsync(Slash(waiting, 1004, "imagine", Options(("prompt", "second"))), Ct);
        var queued = await bot.EditAsync(waiting, c => c.Contains("Queued", StringComparison.Ordinal), Ct);
        var cancelId = BotHarness.CustomIds(queued).Single();

        var press = NextId();
        await bot.SendAsync(Button(press, 1004, cancelId), Ct);
        await bot.EditAsync(waiting, c => c.Contains("Cancelled", StringComparison.Ordinal), Ct);
        bot.Generator.Open();
        await bot.ResultAsync(running, Ct);

        var quota = await bot.Service<DiffusionBot.Core.Quotas.QuotaService>().GetStatusAsync(1004, Ct);
        Assert.Equal(1, quota.Used);
        Assert.Equal(["first"], bot.Generator.Order);
        bot.DeleteFolder();
    }
}
