using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class PromptEditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Job> FinishedJobAsync(CoreHarness h, ulong user = 1)
    {
        var outcome = await h.ImagineAsync(user, new ImagineOptions("a cat") { Negative = "blurry", Seed = 5L, Steps = 12, Count = 2, Scheduler = "ddim" });
        await h.DrainQueueAsync();
        return (await h.Jobs.GetAsync(outcome.Job!.Id, Ct))!;
    }

    private static async Task<int> UsedAsync(CoreHarness h, ulong user) => (await h.Quotas.GetAsync(user, Ct))?.Used ?? 0;

    private static Task<SubmitOutcome> SubmitAsync(CoreHarness h, Member member, string customId, string? prompt, string? negative) =>
        h.Get<PromptEditUseCase>().SubmitAsync(new PromptEdit(customId, member, CoreHarness.Channel, h.Interaction(), prompt, negative), Ct);

    [Fact]
    public async Task Open_FinishedJob_GivesFormIdForThatJobAndItsTexts()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);

        var form = await h.Get<PromptEditUseCase>().OpenAsync(new ButtonCustomId(ButtonAction.Edit, source.Id).Format(), CoreHarness.User(2), Ct);

        Assert.True(form.Success, form.Error);
        Assert.Equal(new PromptEditForm($"db1:edited:{source.Id}", "a cat", "blurry"), form.Value);
    }

    [Fact]
    public async Task Submit_EditedText_QueuesSourceSettingsWithNewTextAndSeedChargedToSender()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h, user: 1);
        var before = (await UsedAsync(h, 1), await UsedAsync(h, 2));

        var outcome = await SubmitAsync(h, CoreHarness.User(2), $"db1:edited:{source.Id}", "  a dog  ", "");

        Assert.True(outcome.Accepted, outcome.Message);
        var job = outcome.Job!;
        Assert.Equal((JobKind.Imagine, 2UL), (job.Kind, job.RequesterId));
        Assert.Equal(source.Parameters with { Prompt = "a dog", NegativePrompt = null, Seed = job.Parameters.Seed }, job.Parameters);
        Assert.NotEqual(source.Parameters.Seed, job.Parameters.Seed);
        Assert.Equal((before.Item1, before.Item2 + 2), (await UsedAsync(h, 1), await UsedAsync(h, 2)));
        Assert.Contains(("a dog", (string?)null), h.PromptChecker.Checked);
    }

    [Theory]
    [InlineData("a forbidden cat", "banned")]
    [InlineData("   ", "empty")]
    public async Task Submit_Refused_ChargesNothing(string prompt, string reason)
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        var used = await UsedAsync(h, 1);
        var saved = h.Jobs.SaveCount;

        var outcome = await SubmitAsync(h, CoreHarness.User(1), $"db1:edited:{source.Id}", prompt, null);

        Assert.False(outcome.Accepted);
        Assert.Contains(reason, outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((used, saved), (await UsedAsync(h, 1), h.Jobs.SaveCount));
    }

    [Fact]
    public async Task Submit_PromptCheckerObjects_RefusedWithItsProblemAndNothingCharged()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        var used = await UsedAsync(h, 1);
        h.PromptChecker.Problem = "The prompt is too long for the model.";

        var outcome = await SubmitAsync(h, CoreHarness.User(1), $"db1:edited:{source.Id}", "a dog", null);

        Assert.Equal((false, "The prompt is too long for the model."), (outcome.Accepted, outcome.Message));
        Assert.Equal(used, await UsedAsync(h, 1));
    }

    [Fact]
    public async Task Submit_ButtonIdInsteadOfFormId_IsRefused()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);

        var outcome = await SubmitAsync(h, CoreHarness.User(1), new ButtonCustomId(ButtonAction.Reroll, source.Id).Format(), "a dog", null);

        Assert.False(outcome.Accepted);
    }

    [Fact]
    public async Task OpenAndSubmit_UpscaleOrDeletedSource_AreRefused()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);
        var upscale = (await h.PressAsync(CoreHarness.User(1), new ButtonCustomId(ButtonAction.Upscale, source.Id, 0).Format())).NewJob!;
        await h.DrainQueueAsync();

        var form = await h.Get<PromptEditUseCase>().OpenAsync(new ButtonCustomId(ButtonAction.Edit, upscale.Id).Format(), CoreHarness.User(1), Ct);
        await h.PressAsync(CoreHarness.User(1), new ButtonCustomId(ButtonAction.Delete, source.Id).Format());
        var deleted = await SubmitAsync(h, CoreHarness.User(1), $"db1:edited:{source.Id}", "a dog", null);

        Assert.Equal(PromptEditUseCase.UpscaleMessage, form.Error);
        Assert.Equal((false, ButtonPressUseCase.NotFoundMessage), (deleted.Accepted, deleted.Message));
    }

    [Fact]
    public async Task ImageInfo_AnyMember_GetsTheFirstStoredPng()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h, user: 1);

        var image = await h.Get<ImageInfoUseCase>().GetAsync(new ButtonCustomId(ButtonAction.Info, source.Id).Format(), CoreHarness.User(3), Ct);

        Assert.True(image.Success, image.Error);
        Assert.Equal(await h.Images.LoadAsync(source.Id, 0, Ct), image.Value.Png);
    }

    [Fact]
    public async Task ImageInfo_OtherGuild_IsNotFound()
    {
        using var h = new CoreHarness();
        var source = await FinishedJobAsync(h);

        var image = await h.Get<ImageInfoUseCase>().GetAsync(new ButtonCustomId(ButtonAction.Info, source.Id).Format(), new Member(1, CoreHarness.Guild + 1, 0, []), Ct);

        Assert.Equal(ButtonPressUseCase.NotFoundMessage, image.Error);
    }

    [Fact]
    public async Task Imagine_PastedParameters_AcceptedWithNoticeOfUnusedFields()
    {
        using var h = new CoreHarness();

        var outcome = await h.ImagineAsync(1, new ImagineOptions("") { Parameters = "a cat\nSteps: 3, Sampler: Euler, CFG scale: 4, Seed: 11, Clip skip: 2", Count = 1 });

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal(("a cat", 3, "euler", 4.0, 11L), (outcome.Job!.Parameters.Prompt, outcome.Job.Parameters.Steps, outcome.Job.Parameters.Scheduler, outcome.Job.Parameters.Guidance, outcome.Job.Parameters.Seed));
        Assert.Contains("Clip skip: 2", Assert.Single(outcome.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imagine_MalformedParameters_RefusedAndNothingCharged()
    {
        using var h = new CoreHarness();

        var outcome = await h.ImagineAsync(1, new ImagineOptions("") { Parameters = "a cat\nSteps: x, Sampler: Euler, CFG scale: 4" });

        Assert.False(outcome.Accepted);
        Assert.Contains("Steps: x", outcome.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (await UsedAsync(h, 1), h.Jobs.SaveCount));
    }

    [Fact]
    public async Task Imagine_ParametersRefusedLater_RefusalListsUnusedFields()
    {
        using var h = new CoreHarness();

        var outcome = await h.ImagineAsync(1, new ImagineOptions("") { Parameters = "a forbidden cat\nSteps: 3, Sampler: Euler, CFG scale: 4, Clip skip: 2" });

        Assert.False(outcome.Accepted);
        Assert.Contains("banned", outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Clip skip: 2", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, await UsedAsync(h, 1));
    }
}
