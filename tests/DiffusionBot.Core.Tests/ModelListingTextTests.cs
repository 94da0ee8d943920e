using DiffusionBot.Core.Application;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Tests.Fakes;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Tests;

public sealed class ModelListingTextTests
{
    private static FakeModelCatalog Catalog(int extra, string description = "")
    {
        var catalog = new FakeModelCatalog();
        for (var i = 0; i < extra; i++) catalog.Add($"model-{i:00}", "SDXL", description);
        return catalog;
    }

    [Fact]
    public void Suggestions_Typed_PrefixMatchesFirstThenContainsIgnoringCase()
    {
        var catalog = new FakeModelCatalog();
        catalog.Add("my-sdxl", "SDXL", "photoreal");
        catalog.Add("SDXL-turbo", "SDXL-Turbo", "fast");
        catalog.Add("anime", "SD 1.x", "cel shading, not sdxl");
        catalog.Add("sd21", "SD 2.x", "");

        var names = ModelSuggestions.For(catalog.Models, "sdxl").Select(s => s.Name);

        Assert.Equal(["SDXL-turbo", "my-sdxl", "anime"], names);
    }

    [Fact]
    public void Suggestions_NothingTyped_AllModelsUpTo25InCatalogueOrder()
    {
        var catalog = Catalog(40);

        var suggestions = ModelSuggestions.For(catalog.Models, "");

        Assert.Equal(25, suggestions.Count);
        Assert.Equal([.. catalog.Models.Take(25).Select(m => m.Name)], suggestions.Select(s => s.Name));
    }

    [Fact]
    public void Suggestions_NoMatch_Empty()
    {
        Assert.Empty(ModelSuggestions.For(Catalog(3).Models, "flux"));
    }

    [Fact]
    public void Label_NameFamilySizeAndDescription_CutTo100()
    {
        var brief = FakeModelCatalog.Model("sdxl", "SDXL", "photoreal", 1024);
        var wordy = FakeModelCatalog.Model("sdxl", "SDXL", new string('d', 300), 1024);

        Assert.Equal("sdxl — SDXL · 1024×1024 · photoreal", ModelSuggestions.Label(brief));
        Assert.Equal(100, ModelSuggestions.Label(wordy).Length);
        Assert.EndsWith(TextFit.Ellipsis, ModelSuggestions.Label(wordy), StringComparison.Ordinal);
    }

    [Fact]
    public void Models_EveryModel_NameFamilyDefaultSizeDescriptionAndTheDefaultMarked()
    {
        var catalog = new FakeModelCatalog();
        catalog.Add("sdxl", "SDXL", "photoreal");

        var text = ModelsText.Build(catalog);

        Assert.Contains("**stable-diffusion-v1-5** (default) — SD 1.x · 512×512 — the classic", text, StringComparison.Ordinal);
        Assert.Contains("**sdxl** — SDXL · 1024×1024 — photoreal", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_LongCatalogue_FitsAnEmbedDescriptionAndSaysHowManyMore()
    {
        var text = ModelsText.Build(Catalog(200, new string('x', 200)));

        Assert.True(text.Length <= MessageLimits.EmbedDescription, $"{text.Length} characters");
        Assert.Matches(@"…and \d+ more$", text);
    }

    [Fact]
    public void Loras_Listed_NameFamilyRankSizeAndProblems()
    {
        var folder = new AdditionalModelFolder<LoraFileInfo>(true,
        [
            new LoraFileInfo("style", "SD 1.x (its metadata says ss_base_model_version sd_v1)", 4, 65016, null),
            new LoraFileInfo("broken", "unknown", null, 12, "'broken.safetensors' is not a usable safetensors file: its header claims 5000 bytes."),
        ]);

        var text = AdditionalModelsText.Loras(folder);

        Assert.Contains("`style` — SD 1.x (its metadata says ss_base_model_version sd_v1) · rank 4 · 63.5 KiB", text, StringComparison.Ordinal);
        Assert.Contains("`broken` — unknown · 12 B — ⚠️ 'broken.safetensors' is not a usable", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeddings_Listed_TriggerVectorsWidthFamilyAndSize()
    {
        var folder = new AdditionalModelFolder<EmbeddingFileInfo>(true, [new EmbeddingFileInfo("fluffystyle", 2, 768, "SD 1.x", 6480, null)]);

        Assert.Contains("`fluffystyle` — 2 vectors · 768 wide · SD 1.x · 6.3 KiB", AdditionalModelsText.Embeddings(folder), StringComparison.Ordinal);
    }

    [Fact]
    public void Listings_NotConfiguredOrEmpty_SaySo()
    {
        Assert.Contains("no LoRA folder", AdditionalModelsText.Loras(new AdditionalModelFolder<LoraFileInfo>(false, [])), StringComparison.Ordinal);
        Assert.Contains("no embedding folder", AdditionalModelsText.Embeddings(new AdditionalModelFolder<EmbeddingFileInfo>(false, [])), StringComparison.Ordinal);
        Assert.Contains("holds no", AdditionalModelsText.Loras(new AdditionalModelFolder<LoraFileInfo>(true, [])), StringComparison.Ordinal);
    }

    [Fact]
    public void Loras_ManyFiles_FitAnEmbedDescriptionAndSayHowManyMore()
    {
        var files = Enumerable.Range(0, 500).Select(i => new LoraFileInfo($"lora-{i}", "SD 1.x (its text-encoder layers are 768 wide)", 16, 144_000_000, null)).ToList();

        var text = AdditionalModelsText.Loras(new AdditionalModelFolder<LoraFileInfo>(true, files));

        Assert.True(text.Length <= MessageLimits.EmbedDescription, $"{text.Length} characters");
        Assert.Matches(@"…and \d+ more$", text);
    }
}
