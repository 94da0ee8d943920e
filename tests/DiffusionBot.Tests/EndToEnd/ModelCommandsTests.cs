using DiffusionBot.DemoModels;
using System.Buffers.Binary;
using System.Text;
using DiffusionBot.Bot.Notifications;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.FakeDiscord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static DiffusionBot.Tests.EndToEnd.Interactions;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>The catalogue on Discord: model autocomplete (type 4 → callback 8), /models, /settings model:, the result
/// embed's model, buttons on images whose model has gone, and the /loras and /embeddings listings.</summary>
public sealed class ModelCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TestModelCatalog LongCatalogue() =>
        new([.. Enumerable.Range(0, 30).Select(i => TestModelCatalog.Model($"anime-{i:00}", "SD 1.x", "cel shading")),
            TestModelCatalog.Model("sdxl", "SDXL", "photoreal, not anime")]);

    private static Task<BotHarness> StartAsync(TestModelCatalog catalog, IDictionary<string, string?>? settings = null, string? folder = null) =>
        BotHarness.StartAsync(Ct, settings: settings, folder: folder, services: s => s.Replace(ServiceDescriptor.Singleton<IModelCatalog>(catalog)));

    /// <summary>The real catalogue with <paramref name="names"/> (the first is the default), each a copy of the demo
    /// model in its own folder, so the engine serves every one.</summary>
    private static async Task<BotHarness> StartServedAsync(params string[] names)
    {
        var settings = new Dictionary<string, string?> { ["Models:Default"] = names[0] };
        foreach (var name in names)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"diffusionbot-tests-served-{Guid.NewGuid():N}", name);
            await DemoModel.EnsureAsync(folder, Ct);
            settings[$"Models:Entries:{name}:Path"] = folder;
            settings[$"Models:Entries:{name}:Size"] = "64x64";
            settings[$"Models:Entries:{name}:Sizes:0"] = "64x64";
            settings[$"Models:Entries:{name}:Steps"] = "2";
        }
        return await BotHarness.StartAsync(Ct, settings: settings);
    }

    private static string Description(RecordedRequest edit) => edit.Json!["embeds"]![0]!["description"]!.GetValue<string>();

    [Fact]
    public async Task Autocomplete_ImagineModelInALongCatalogue_Answers25PrefixMatchesFirstAsCallbackType8()
    {
        await using var bot = await StartAsync(LongCatalogue());
        var id = NextId();

        await bot.SendAsync(Autocomplete(id, 5001, "imagine", "model", "ANIME", ("prompt", "a cat")), Ct);
        var callback = await bot.CallbackAsync(id, Ct);

        var choices = callback.AutocompleteChoices();
        Assert.Equal(25, choices.Count);
        Assert.Equal([.. Enumerable.Range(0, 25).Select(i => $"anime-{i:00}")], choices.Select(c => c.Value));
        Assert.Equal("anime-00 — SD 1.x · 64×64 · cel shading", choices[0].Name);
        Assert.Single(bot.Rest.Requests, r => r.RouteValues.GetValueOrDefault("interaction_id") == BotHarness.Id(id));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Autocomplete_SettingsModelAndOtherOptions_ContainsMatchesOrNoChoices()
    {
        await using var bot = await StartAsync(LongCatalogue());
        var settings = NextId();
        var scheduler = NextId();

        await bot.SendAsync(Autocomplete(settings, 5002, "settings", "model", "XL"), Ct);
        await bot.SendAsync(Autocomplete(scheduler, 5002, "settings", "negative", "blur"), Ct);

        Assert.Equal([("sdxl — SDXL · 64×64 · photoreal, not anime", "sdxl")], (await bot.CallbackAsync(settings, Ct)).AutocompleteChoices());
        Assert.Empty((await bot.CallbackAsync(scheduler, Ct)).AutocompleteChoices());
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Imagine_TypedModelNotInCatalogue_EphemeralRefusalNamingChoicesAndNothingCharged()
    {
        await using var bot = await StartAsync(new TestModelCatalog(TestModelCatalog.Model("sdxl", "SDXL", "")));
        var id = NextId();

        await bot.SendAsync(Slash(id, 5003, "imagine", Options(("prompt", "a cat"), ("model", "dall-e"))), Ct);

        Assert.Equal($"Unknown model 'dall-e'. Choose one of: {TestModelCatalog.DefaultName}, sdxl (see `/models`).", await bot.EphemeralAsync(id, Ct));
        Assert.Equal(0, (await bot.Service<QuotaService>().GetStatusAsync(5003, Ct)).Used);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task SettingsModel_ThenImagineWithoutModel_UsesItAndTheEmbedNamesIt()
    {
        await using var bot = await StartServedAsync(TestModelCatalog.DefaultName, "sdxl");
        var set = NextId();
        await bot.SendAsync(Slash(set, 5004, "settings", Options(("model", "SDXL"))), Ct);
        Assert.Contains("model `sdxl`", (await bot.EditAsync(set, c => c.Length > 0, Ct)).Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        var imagine = NextId();
        await bot.SendAsync(Slash(imagine, 5004, "imagine", Options(("prompt", "a red fox"))), Ct);
        var result = await bot.ResultAsync(imagine, Ct);

        Assert.Equal("sdxl", BotHarness.Field(result, "Model"));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Models_EveryModel_WithFamilyDefaultSizeAndDescriptionInAnEmbed()
    {
        await using var bot = await StartAsync(new TestModelCatalog(TestModelCatalog.Model("sdxl", "SDXL", "photoreal")));
        var id = NextId();

        await bot.SendAsync(Slash(id, 5005, "models"), Ct);
        var text = Description(await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(id), BotHarness.Timeout, Ct));

        Assert.Contains($"**{TestModelCatalog.DefaultName}** (default) — SD 1.x · 64×64 — the demo default", text, StringComparison.Ordinal);
        Assert.Contains("**sdxl** — SDXL · 64×64 — photoreal", text, StringComparison.Ordinal);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Reroll_ImageWhoseModelLeftTheCatalogue_EphemeralRefusalAndQuotaUnchanged()
    {
        var catalog = new TestModelCatalog(TestModelCatalog.Model("sdxl", "SDXL", ""));
        await using var bot = await StartAsync(catalog);
        var imagine = NextId();
        await bot.SendAsync(Slash(imagine, 5006, "imagine", Options(("prompt", "a red fox"))), Ct);
        var reroll = BotHarness.CustomIds(await bot.ResultAsync(imagine, Ct)).First(c => c.Contains("reroll", StringComparison.Ordinal));
        var used = (await bot.Service<QuotaService>().GetStatusAsync(5006, Ct)).Used;
        catalog.Remove(TestModelCatalog.DefaultName);

        var press = NextId();
        await bot.SendAsync(Button(press, 5006, reroll), Ct);

        Assert.Equal(RetiredModel.ButtonMessage(TestModelCatalog.DefaultName), await bot.EphemeralAsync(press, Ct));
        Assert.Equal(used, (await bot.Service<QuotaService>().GetStatusAsync(5006, Ct)).Used);
        Assert.Single(await bot.Service<IJobStore>().ListByRequesterAsync(5006, null, 10, [], Ct));
        bot.DeleteFolder();
    }

    [Fact]
    public async Task LorasAndEmbeddings_FilesInTheConfiguredFolders_ListedFromTheirHeaders()
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-e2e-").FullName;
        var loras = Directory.CreateDirectory(Path.Combine(folder, "loras")).FullName;
        var embeddings = Directory.CreateDirectory(Path.Combine(folder, "embeddings")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(loras, "watercolor.safetensors"), Safetensors(
            """{"__metadata__":{"ss_base_model_version":"sd_v1"},"lora_unet_mid_block_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight":{"dtype":"F32","shape":[2,8],"data_offsets":[0,64]},"lora_unet_mid_block_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight":{"dtype":"F32","shape":[8,2],"data_offsets":[64,128]}}""", 128), Ct);
        await File.WriteAllBytesAsync(Path.Combine(loras, "broken.safetensors"), [1, 2, 3], Ct);
        await File.WriteAllBytesAsync(Path.Combine(embeddings, "fluffy.safetensors"), Safetensors("""{"emb_params":{"dtype":"F32","shape":[3,768],"data_offsets":[0,9216]}}""", 9216), Ct);
        await using var bot = await StartAsync(new TestModelCatalog(), new Dictionary<string, string?> { ["Generator:LoraPath"] = loras, ["Generator:EmbeddingPath"] = embeddings }, folder);
        var loraList = NextId();
        var embeddingList = NextId();

        await bot.SendAsync(Slash(loraList, 5007, "loras"), Ct);
        await bot.SendAsync(Slash(embeddingList, 5007, "embeddings"), Ct);
        var loraText = Description(await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(loraList), BotHarness.Timeout, Ct));
        var embeddingText = Description(await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(embeddingList), BotHarness.Timeout, Ct));

        Assert.Contains("`watercolor` — SD 1.x (its metadata says ss_base_model_version sd_v1) · rank 2 · ", loraText, StringComparison.Ordinal);
        Assert.Contains("`broken` — unknown · 3 B — ⚠️ ", loraText, StringComparison.Ordinal);
        var size = AdditionalModelsText.Bytes(new FileInfo(Path.Combine(embeddings, "fluffy.safetensors")).Length);
        Assert.Contains($"`fluffy` — 3 vectors · 768 wide · SD 1.x · {size}", embeddingText, StringComparison.Ordinal);
        bot.DeleteFolder();
    }

    [Fact]
    public async Task Loras_NoFolderConfigured_SaysSo()
    {
        await using var bot = await StartAsync(new TestModelCatalog());
        var id = NextId();

        await bot.SendAsync(Slash(id, 5008, "loras"), Ct);

        Assert.Contains("no LoRA folder is configured", Description(await bot.Rest.WaitForRequestAsync(r => r.Route == FakeRestApi.EditOriginal && r.RouteValues["interaction_token"] == TokenFor(id), BotHarness.Timeout, Ct)), StringComparison.Ordinal);
        bot.DeleteFolder();
    }

    /// <summary>A safetensors file: the header as given, then <paramref name="dataBytes"/> zero bytes.</summary>
    private static byte[] Safetensors(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
