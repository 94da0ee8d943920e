using DiffusionBot.Core.Commands;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Models;

public sealed class ModelCatalogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static FolderModelCatalog Catalog(params (string Name, ModelEntryOptions Entry)[] entries)
    {
        var options = new ModelsOptions();
        foreach (var (name, entry) in entries)
            options.Entries[name] = entry;
        return new FolderModelCatalog(Microsoft.Extensions.Options.Options.Create(options), new NoBuiltIn());
    }

    [Fact]
    public async Task LoadAsync_TinyFixtures_FamilyDefaultsAndRangesComeFromTheFolders()
    {
        using var catalog = Catalog(("sd15", new() { Path = TinySdModels.Folder("sd15") }), ("sd-turbo", new() { Path = TinySdModels.Folder("sd-turbo") }),
            ("sd21-v", new() { Path = TinySdModels.Folder("sd21-v") }));

        await catalog.LoadAsync(Ct);

        Assert.True(catalog.TryFind("SD-TURBO", out var turbo));
        Assert.Equal(("SD-Turbo", new ImageSize(256, 256), 1, 0.0, "euler"), (turbo.Family, turbo.DefaultSize, turbo.DefaultSteps, turbo.DefaultGuidance, turbo.DefaultScheduler));
        Assert.True(catalog.TryFind("sd21-v", out var v));
        Assert.Equal(("SD 2.x (v-prediction)", new ImageSize(384, 384), 25, 7.5), (v.Family, v.DefaultSize, v.DefaultSteps, v.DefaultGuidance));
        Assert.Equal("sd-turbo", catalog.Default.Name); // the first by name when Models:Default is empty
    }

    [Fact]
    public async Task LoadAsync_EntryNarrowsDefaults_InfoAndEngineDefaultsFollowTheEntry()
    {
        using var catalog = Catalog(("sd15", new() { Path = TinySdModels.Folder("sd15"), Sizes = ["256x256", "320x256"], Size = "320x256", Steps = 8, MaxSteps = 10, Scheduler = "DDIMScheduler", Schedulers = ["ddim", "euler"] }));

        await catalog.LoadAsync(Ct);

        var model = catalog.DefaultModel;
        Assert.Equal([new ImageSize(256, 256), new ImageSize(320, 256)], model.Info.Sizes);
        Assert.Equal(new ModelDefaults(320, 256, 8, 7.5, "ddim"), model.Defaults);
        Assert.Equal(["ddim", "euler"], model.Info.Schedulers);
    }

    [Fact]
    public async Task LoadAsync_BadEntries_OneMessageNamingEachEntryFileAndFix()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N"));
        var halfExported = TinySdModels.LinkedCopy("sd15");
        File.Delete(Path.Combine(halfExported, "unet", "model.onnx"));
        using var catalog = Catalog(("gone", new() { Path = missing }), ("half", new() { Path = halfExported }),
            ("narrow", new() { Path = TinySdModels.Folder("sd15"), Sizes = ["250x250"], Size = "512x512" }));

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => catalog.LoadAsync(Ct));

        Assert.Contains($"Models:Entries:gone: Model folder '{missing}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Models:Entries:half: Model folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing unet/model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("Models:Entries:narrow:Sizes '250x250'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Models:Entries:narrow:Size '512x512' is not one of its sizes", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoBuiltIn : IModelFolderProvider
    {
        public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("no built-in model in these tests");
    }
}
