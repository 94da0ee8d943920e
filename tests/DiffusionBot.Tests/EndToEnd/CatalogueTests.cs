using DiffusionBot.Diffusion.Tests.TestSupport;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>/imagine on a catalogue of the tiny real-architecture models (<c>../shared/tinysd</c>): each model's own
/// defaults and limits, whatever the bot's base-model defaults are.</summary>
public sealed class CatalogueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Catalogue() => new()
    {
        ["Models:Entries:sd15:Path"] = SharedFiles.RequireFolder(Path.Combine("tinysd", "sd15")),
        ["Models:Entries:sd15:Steps"] = "2",
        ["Models:Entries:sd-turbo:Path"] = SharedFiles.RequireFolder(Path.Combine("tinysd", "sd-turbo")),
        ["Models:Default"] = "sd15",
    };

    [Fact]
    public async Task Imagine_TurboWithPromptOnly_OneStepNoGuidanceAtItsNativeSize()
    {
        await using var bot = await BotHarness.StartAsync(Ct, settings: Catalogue());
        var id = NextId();

        await bot.SendAsync(Slash(id, 5001, "imagine", Options(("prompt", "a lighthouse"), ("model", "sd-turbo"))), Ct);
        var result = await bot.ResultAsync(id, Ct);

        Assert.Equal(("1", "0", "256x256", "sd-turbo", "euler"),
            (BotHarness.Field(result, "Steps"), BotHarness.Field(result, "Guidance"), BotHarness.Field(result, "Size"), BotHarness.Field(result, "Model"), BotHarness.Field(result, "Scheduler")));
        Assert.Equal((256, 256), BotHarness.PngSize(result.Files[0].Content));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_SettingsTheModelDoesNotAllow_EphemeralAnswerNamingTheChoicesAndNothingCharged()
    {
        await using var bot = await BotHarness.StartAsync(Ct, settings: Catalogue());
        const ulong User = 5002;
        var cases = new (string Expected, (string, object)[] Options)[]
        {
            ("Unknown size '512x512' for sd-turbo. Choose one of: 256x256, 256x384, 384x256.", [("prompt", "x"), ("model", "sd-turbo"), ("size", "512x512")]),
            ("Guidance must be between 0 and 5 for sd-turbo (you asked for 7.5).", [("prompt", "x"), ("model", "sd-turbo"), ("guidance", 7.5)]),
            ("Unknown model 'sdxl'. Choose one of: sd-turbo, sd15 (see `/models`).", [("prompt", "x"), ("model", "sdxl")]),
        };

        foreach (var (expected, options) in cases)
        {
            var id = NextId();
            await bot.SendAsync(Slash(id, User, "imagine", Options(options)), Ct);
            Assert.Contains(expected, await bot.EphemeralAsync(id, Ct), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await bot.Service<DiffusionBot.Core.Quotas.QuotaService>().GetStatusAsync(User, Ct)).Used);
        Assert.DoesNotContain(bot.Rest.Requests, r => r.Files.Count > 0);
        bot.DeleteFolder();
    }
}
