using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Diffusion.Tests.Models;

/// <summary>Several catalogue models served by one engine: loaded on first use, the least recently used unloaded
/// beyond Generator:MaxLoadedModels, and a load announced as a progress phase.</summary>
public sealed class MultiModelEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DiffusionEngine Engine(int maxLoaded, out Diffusion.Models.FolderModelCatalog catalog)
    {
        catalog = ModelCatalogTests.Catalog(("sd15", new() { Path = TinySdModels.Folder("sd15") }), ("sd21-v", new() { Path = TinySdModels.Folder("sd21-v") }),
            ("sd-turbo", new() { Path = TinySdModels.Folder("sd-turbo") }));
        var options = new GeneratorOptions { EnableSafetyChecker = false, MaxLoadedModels = maxLoaded, IntraOpThreads = 1 };
        return new DiffusionEngine(Microsoft.Extensions.Options.Options.Create(options), catalog, new FixedSeedSource(7), TimeProvider.System, NullLogger<DiffusionEngine>.Instance);
    }

    private static GenerationRequest Small(string model) => new("a lighthouse", Steps: 1, Width: 64, Height: 64, Model: model);

    [Fact]
    public async Task GenerateAsync_TwoModels_EachRunsOnItsOwnFolderAndBothStayLoaded()
    {
        using var engine = Engine(maxLoaded: 2, out var catalog);
        using var _ = catalog;

        var first = await engine.GenerateAsync(Small("sd15"), null, Ct);
        var second = await engine.GenerateAsync(Small("sd21-v"), null, Ct);

        Assert.Equal(("sd15", "sd21-v"), (first.ModelName, second.ModelName));
        Assert.NotEqual(first.Images[0].Png, second.Images[0].Png);
        Assert.Equal(["sd15", "sd21-v"], engine.LoadedModels.Order(StringComparer.Ordinal));
        Assert.True(engine.IsLoaded("SD15"));
    }

    [Fact]
    public async Task GenerateAsync_MaxLoadedModelsOne_EvictsTheLeastRecentlyUsedAndReloadsIt()
    {
        using var engine = Engine(maxLoaded: 1, out var catalog);
        using var _ = catalog;

        var first = await engine.GenerateAsync(Small("sd15"), null, Ct);
        Assert.Equal(["sd15"], engine.LoadedModels);
        await engine.GenerateAsync(Small("sd21-v"), null, Ct);
        Assert.Equal(["sd21-v"], engine.LoadedModels);
        Assert.False(engine.IsLoaded("sd15"));
        var again = await engine.GenerateAsync(Small("sd15"), null, Ct);

        Assert.Equal(["sd15"], engine.LoadedModels);
        Assert.True(again.Timings.ModelLoad > TimeSpan.Zero);
        Assert.Equal(first.Images[0].Png, again.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_ModelNotLoaded_ReportsLoadingPhaseBeforeTheSteps()
    {
        using var engine = Engine(maxLoaded: 1, out var catalog);
        using var _ = catalog;
        var reports = new List<DiffusionProgress>();
        var progress = new Recorder(reports);

        await engine.GenerateAsync(Small("sd-turbo") with { Steps = 2 }, progress, Ct);
        await engine.GenerateAsync(Small("sd-turbo") with { Steps = 2 }, progress, Ct);

        Assert.Equal("Loading model sd-turbo…", reports[0].Phase);
        Assert.Single(reports, r => r.Phase is not null);
        Assert.Equal([1, 2, 1, 2], reports.Where(r => r.Phase is null).Select(r => r.Step));
    }

    [Fact]
    public async Task GenerateAsync_TurboWithNoSettings_UsesItsOwnDefaults()
    {
        using var engine = Engine(maxLoaded: 1, out var catalog);
        using var _ = catalog;

        var result = await engine.GenerateAsync(new GenerationRequest("a cat", Model: "sd-turbo"), null, Ct);

        Assert.Equal((1, 0.0, 256, 256, "euler"), (result.Steps, result.Guidance, result.Width, result.Height, result.SchedulerName));
    }

    [Fact]
    public async Task GenerateAsync_UnknownModelOrStepsAboveItsRange_RefusedNamingTheChoices()
    {
        using var engine = Engine(maxLoaded: 1, out var catalog);
        using var _ = catalog;

        var unknown = await Assert.ThrowsAsync<DiffusionRequestException>(() => engine.GenerateAsync(Small("sdxl"), null, Ct));
        var steps = await Assert.ThrowsAsync<DiffusionRequestException>(() => engine.GenerateAsync(Small("sd-turbo") with { Steps = 10 }, null, Ct));

        Assert.Equal("Unknown model 'sdxl'. Choose one of: sd-turbo, sd15, sd21-v.", unknown.Message);
        Assert.Contains("Steps must be between 1 and 4 for sd-turbo (got 10).", steps.Message, StringComparison.Ordinal);
        Assert.Empty(engine.LoadedModels);
    }

    private sealed class Recorder(List<DiffusionProgress> reports) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
