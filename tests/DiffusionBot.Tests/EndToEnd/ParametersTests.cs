using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.FakeDiscord.Rest;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>📋 (copy the parameters), 🖋 (edit the prompt in a modal) and /imagine parameters: through the fake Discord.</summary>
public sealed class ParametersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string IdFor(RecordedRequest result, ButtonAction action) =>
        BotHarness.CustomIds(result).First(c => ButtonCustomId.TryParse(c).Id!.Action == action);

    private static async Task<int> UsedAsync(BotHarness bot, ulong user) =>
        (await bot.Service<QuotaService>().GetStatusAsync(user, Ct)).Used;

    private static async Task<string> EditedContentAsync(BotHarness bot, ulong interactionId) =>
        (await bot.EditAsync(interactionId, _ => true, Ct)).Json!["content"]!.GetValue<string>();

    [Fact]
    public async Task InfoButton_PressedByAnotherMember_AnswersPrivatelyWithTheStoredPngsExactInfotext()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var first = NextId();
        await bot.SendAsync(Slash(first, 1100, "imagine", Options(("prompt", "a red fox"), ("negative", "blurry, text"), ("seed", 5L))), Ct);
        var result = await bot.ResultAsync(first, Ct);

        var press = NextId();
        await bot.SendAsync(Button(press, 2100, IdFor(result, ButtonAction.Info)), Ct);
        var callback = await bot.CallbackAsync(press, Ct);
        var content = await EditedContentAsync(bot, press);

        Assert.Equal((5, 64), (callback.Json!["type"]!.GetValue<int>(), callback.Json["data"]!["flags"]!.GetValue<int>()));
        var stored = PngTextChunks.ReadText(result.Files[0].Content, "parameters")!;
        Assert.Equal("```\n" + stored + "\n```", content);
        Assert.Equal(("a red fox", "blurry, text", 5L), (GenerationInfotext.Parse(stored).Prompt, GenerationInfotext.Parse(stored).NegativePrompt, GenerationInfotext.Parse(stored).Seed!.Value));
        Assert.Equal(0, await UsedAsync(bot, 2100));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task InfoButton_ParametersLongerThanAMessage_ComeWholeAsTextFile()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var first = NextId();
        var prompt = string.Concat(Enumerable.Repeat("red fox, ", 110)).Trim();
        var negative = string.Concat(Enumerable.Repeat("blurry, ", 120)).Trim();
        await bot.SendAsync(Slash(first, 1101, "imagine", Options(("prompt", prompt), ("negative", negative))), Ct);
        var result = await bot.ResultAsync(first, Ct);

        var press = NextId();
        await bot.SendAsync(Button(press, 1101, IdFor(result, ButtonAction.Info)), Ct);
        var edit = await bot.Rest.WaitForRequestAsync(
            r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(press), BotHarness.Timeout, Ct);

        var file = Assert.Single(edit.Files);
        Assert.Equal("parameters.txt", file.FileName);
        Assert.Equal(PngTextChunks.ReadText(result.Files[0].Content, "parameters"), System.Text.Encoding.UTF8.GetString(file.Content));
        Assert.True(edit.Json!["content"]!.GetValue<string>().Length <= 2000);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task EditButton_PressedByAnotherMember_OpensModalPrefilledWithBothPrompts()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var first = NextId();
        await bot.SendAsync(Slash(first, 1102, "imagine", Options(("prompt", "a red fox"), ("negative", "blurry"))), Ct);
        var result = await bot.ResultAsync(first, Ct);
        var source = ButtonCustomId.TryParse(IdFor(result, ButtonAction.Edit)).Id!.JobId;

        var press = NextId();
        await bot.SendAsync(Button(press, 2102, IdFor(result, ButtonAction.Edit)), Ct);
        var callback = (await bot.CallbackAsync(press, Ct)).Json!;

        Assert.Equal(9, callback["type"]!.GetValue<int>());
        var data = callback["data"]!;
        Assert.Equal(new ButtonCustomId(ButtonAction.EditSubmit, source).Format(), data["custom_id"]!.GetValue<string>());
        var inputs = data["components"]!.AsArray().Select(row => Assert.Single(row!["components"]!.AsArray())!).ToArray();
        Assert.Equal(["prompt", "negative"], inputs.Select(i => i["custom_id"]!.GetValue<string>()));
        Assert.Equal(["a red fox", "blurry"], inputs.Select(i => i["value"]!.GetValue<string>()));
        Assert.All(inputs, i => Assert.Equal((4, 2, 4000), (i["type"]!.GetValue<int>(), i["style"]!.GetValue<int>(), i["max_length"]!.GetValue<int>())));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task ModalSubmit_EditedText_QueuesSourceSettingsWithNewTextAndChargesTheSenderOnce()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var first = NextId();
        await bot.SendAsync(Slash(first, 1103, "imagine", Options(("prompt", "a red fox"), ("seed", 5L), ("steps", 3L), ("size", "128x128"), ("scheduler", "ddim"))), Ct);
        var result = await bot.ResultAsync(first, Ct);
        var formId = new ButtonCustomId(ButtonAction.EditSubmit, ButtonCustomId.TryParse(IdFor(result, ButtonAction.Edit)).Id!.JobId).Format();

        var submit = NextId();
        await bot.SendAsync(ModalSubmit(submit, 2103, formId, ("prompt", "a blue boat"), ("negative", "fog")), Ct);
        var edited = await bot.ResultAsync(submit, Ct);

        Assert.Equal(5, (await bot.CallbackAsync(submit, Ct)).Json!["type"]!.GetValue<int>());
        Assert.Equal(("a blue boat", "fog", "3", "128x128", "ddim"),
            (BotHarness.Field(edited, "Prompt"), BotHarness.Field(edited, "Negative"), BotHarness.Field(edited, "Steps"), BotHarness.Field(edited, "Size"), BotHarness.Field(edited, "Scheduler")));
        Assert.NotEqual("5", BotHarness.Field(edited, "Seed"));
        Assert.Contains("<@2103>", BotHarness.Field(edited, "Requested by"), StringComparison.Ordinal);
        Assert.Equal((1, 1), (await UsedAsync(bot, 1103), await UsedAsync(bot, 2103)));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task ModalSubmit_BannedWord_IsRefusedPrivatelyAndChargesNothing()
    {
        await using var bot = await BotHarness.StartAsync(Ct, settings: new Dictionary<string, string?> { ["Moderation:BannedWords:0"] = "forbidden" });
        var first = NextId();
        await bot.SendAsync(Slash(first, 1104, "imagine", Options(("prompt", "a red fox"))), Ct);
        var result = await bot.ResultAsync(first, Ct);
        var formId = new ButtonCustomId(ButtonAction.EditSubmit, ButtonCustomId.TryParse(IdFor(result, ButtonAction.Edit)).Id!.JobId).Format();

        var submit = NextId();
        await bot.SendAsync(ModalSubmit(submit, 2104, formId, ("prompt", "a forbidden fox"), ("negative", "")), Ct);

        Assert.Contains("banned word", await bot.EphemeralAsync(submit, Ct), StringComparison.Ordinal);
        Assert.Equal((1, 0), (await UsedAsync(bot, 1104), await UsedAsync(bot, 2104)));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task ImagineParameters_PastedInfotext_FillsOptionsExplicitOnesWinAndUnusedFieldsAreListed()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var id = NextId();
        const string pasted = "a green frog\nNegative prompt: ugly\n" +
                              "Steps: 3, Sampler: Euler, Schedule type: Automatic, CFG scale: 4.5, Seed: 77, Size: 128x128, Model: sdxl, Clip skip: 2";

        await bot.SendAsync(Slash(id, 1105, "imagine", Options(("parameters", pasted), ("seed", 12L))), Ct);
        var result = await bot.ResultAsync(id, Ct);
        var notice = await bot.EphemeralAsync(id, Ct);

        Assert.Equal(("a green frog", "ugly", "3", "128x128", "euler", "12"),
            (BotHarness.Field(result, "Prompt"), BotHarness.Field(result, "Negative"), BotHarness.Field(result, "Steps"), BotHarness.Field(result, "Size"),
             BotHarness.Field(result, "Scheduler"), BotHarness.Field(result, "Seed")));
        Assert.Equal(4.5, GenerationInfotext.Parse(PngTextChunks.ReadText(result.Files[0].Content, "parameters")!).Guidance);
        Assert.Contains("Model: sdxl", notice, StringComparison.Ordinal);
        Assert.Contains("Clip skip: 2", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Seed", notice, StringComparison.Ordinal);
        Assert.Equal(1, await UsedAsync(bot, 1105));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task ImagineParameters_Malformed_IsRefusedPrivatelyNamingTheProblemAndChargesNothing()
    {
        await using var bot = await BotHarness.StartAsync(Ct);
        var id = NextId();

        await bot.SendAsync(Slash(id, 1106, "imagine", Options(("parameters", "a frog\nSteps: lots, Sampler: Euler, CFG scale: 7"))), Ct);

        Assert.Contains("`Steps: lots` is not a whole number", await bot.EphemeralAsync(id, Ct), StringComparison.Ordinal);
        Assert.Equal(0, await UsedAsync(bot, 1106));
        bot.DeleteFolder();
    }
}
