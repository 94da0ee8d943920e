using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

/// <summary>The catalogue in /imagine, /settings and the buttons: named models, members' default models, and models
/// that have left the catalogue.</summary>
public sealed class ModelCatalogUseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> UsedAsync(CoreHarness h, ulong user) => (await h.Quotas.GetAsync(user, Ct))?.Used ?? 0;

    private static async Task<Job> FinishedJobAsync(CoreHarness h, string model)
    {
        var outcome = await h.ImagineAsync(1, new ImagineOptions("a cat") { Model = model, Count = 2, Seed = 5L });
        Assert.True(outcome.Accepted, outcome.Message);
        await h.DrainQueueAsync();
        return (await h.Jobs.GetAsync(outcome.Job!.Id, Ct))!;
    }

    private static string Id(ButtonAction action, Job job, int? index = null) => new ButtonCustomId(action, job.Id, index).Format();

    [Fact]
    public async Task Imagine_NamedModelInOtherCase_GetsTheCatalogueSpelling()
    {
        using var h = new CoreHarness();
        h.Catalog.Add("SDXL-Base");

        var outcome = await h.ImagineAsync(1, new ImagineOptions("a cat") { Model = "sdxl-base" });

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal("SDXL-Base", outcome.Job!.Parameters.Model);
    }

    [Fact]
    public async Task Imagine_UnknownModel_RefusedNamingTheChoicesAndNothingCharged()
    {
        using var h = new CoreHarness();
        h.Catalog.Add("sdxl");

        var outcome = await h.ImagineAsync(1, new ImagineOptions("a cat") { Model = "dalle" });

        Assert.False(outcome.Accepted);
        Assert.Equal("Unknown model 'dalle'. Choose one of: stable-diffusion-v1-5, sd-turbo, sdxl (see `/models`).", outcome.Message);
        Assert.Equal(0, await UsedAsync(h, 1));
    }

    [Fact]
    public async Task Imagine_NoModelNamed_UsesTheMembersDefaultModel()
    {
        using var h = new CoreHarness();
        h.Catalog.Add("sdxl");
        await h.Settings.SaveAsync(1, UserSettings.None with { Model = "sdxl" }, Ct);

        var outcome = await h.ImagineAsync(1, "a cat");

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal("sdxl", outcome.Job!.Parameters.Model);
        Assert.Empty(outcome.Notices);
    }

    [Fact]
    public async Task Imagine_MembersDefaultModelLeftTheCatalogue_FallsBackToTheDefaultWithANote()
    {
        using var h = new CoreHarness();
        await h.Settings.SaveAsync(1, UserSettings.None with { Model = "retired" }, Ct);

        var outcome = await h.ImagineAsync(1, "a cat");

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal(FakeModelCatalog.DefaultName, outcome.Job!.Parameters.Model);
        Assert.Equal([RetiredModel.SettingNote("retired", FakeModelCatalog.DefaultName)], outcome.Notices);
    }

    [Fact]
    public async Task Imagine_ModelNamedOverRetiredDefault_NoNote()
    {
        using var h = new CoreHarness();
        await h.Settings.SaveAsync(1, UserSettings.None with { Model = "retired" }, Ct);

        var outcome = await h.ImagineAsync(1, new ImagineOptions("a cat") { Model = FakeModelCatalog.DefaultName });

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Empty(outcome.Notices);
    }

    [Fact]
    public async Task UpdateSettings_Model_SavedInCatalogueSpellingAndClearedByEmptyText()
    {
        using var h = new CoreHarness();
        h.Catalog.Add("SDXL");
        var users = h.Get<UserCommands>();

        var saved = await users.UpdateSettingsAsync(CoreHarness.User(1), new SettingsChange(null, null, null, "sdxl"), Ct);
        var stored = await h.Settings.GetAsync(1, Ct);
        var cleared = await users.UpdateSettingsAsync(CoreHarness.User(1), new SettingsChange(null, null, null, " "), Ct);

        Assert.Equal("SDXL", saved.Value!.Model);
        Assert.Equal("SDXL", stored.Model);
        Assert.Null(cleared.Value!.Model);
    }

    [Fact]
    public async Task UpdateSettings_UnknownModel_RefusedAndNothingSaved()
    {
        using var h = new CoreHarness();

        var result = await h.Get<UserCommands>().UpdateSettingsAsync(CoreHarness.User(1), new SettingsChange(null, null, null, "dalle"), Ct);

        Assert.Equal("Unknown model 'dalle'. Choose one of: stable-diffusion-v1-5, sd-turbo (see `/models`).", result.Error);
        Assert.Equal(UserSettings.None, await h.Settings.GetAsync(1, Ct));
    }

    [Fact]
    public async Task Buttons_RerollUpscaleVariation_KeepTheJobsModel()
    {
        using var h = new CoreHarness();
        h.Catalog.Add("sdxl");
        var source = await FinishedJobAsync(h, "sdxl");

        var reroll = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Reroll, source));
        var upscale = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Upscale, source, 1));
        var variation = await h.PressAsync(CoreHarness.User(1), Id(ButtonAction.Variation, source, 0));

        Assert.All([reroll, upscale, variation], o => Assert.True(o.Success, o.Message));
        Assert.All([reroll, upscale, variation], o => Assert.Equal("sdxl", o.NewJob!.Parameters.Model));
        await h.DrainQueueAsync();
        Assert.Equal("sdxl", Assert.IsType<VariationRequest>(h.Generator.Requests[^1]).Model);
    }

    [Theory]
    [InlineData(ButtonAction.Reroll, null)]
    [InlineData(ButtonAction.Upscale, 0)]
    [InlineData(ButtonAction.Variation, 1)]
    public async Task Buttons_ModelLeftTheCatalogue_RefusedClearlyAndNothingCharged(ButtonAction action, int? index)
    {
        using var h = new CoreHarness();
        h.Catalog.Add("sdxl");
        var source = await FinishedJobAsync(h, "sdxl");
        var used = await UsedAsync(h, 1);
        var saves = h.Jobs.SaveCount;
        h.Catalog.Remove("sdxl");

        var outcome = await h.PressAsync(CoreHarness.User(1), Id(action, source, index));

        Assert.False(outcome.Success);
        Assert.Equal(RetiredModel.ButtonMessage("sdxl"), outcome.Message);
        Assert.Null(outcome.NewJob);
        Assert.Equal(used, await UsedAsync(h, 1));
        Assert.Equal(saves, h.Jobs.SaveCount);
    }

    [Fact]
    public async Task PromptEdit_ModelLeftTheCatalogue_FormRefusedAndSubmitChargesNothing()
    {
        using var h = new CoreHarness();
        h.Catalog.Add("sdxl");
        var source = await FinishedJobAsync(h, "sdxl");
        var used = await UsedAsync(h, 2);
        h.Catalog.Remove("sdxl");

        var form = await h.Get<PromptEditUseCase>().OpenAsync(Id(ButtonAction.Edit, source), CoreHarness.User(2), Ct);
        var submit = await h.Get<PromptEditUseCase>().SubmitAsync(
            new PromptEdit(Id(ButtonAction.EditSubmit, source), CoreHarness.User(2), CoreHarness.Channel, h.Interaction(), "a dog", null), Ct);

        Assert.Equal(RetiredModel.ButtonMessage("sdxl"), form.Error);
        Assert.Equal((false, RetiredModel.ButtonMessage("sdxl")), (submit.Accepted, submit.Message));
        Assert.Equal(used, await UsedAsync(h, 2));
    }
}
