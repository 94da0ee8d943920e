using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Benchmarks.Families;

/// <summary>
/// <c>model-switch [folderA folderB]</c> (default: tinysd <c>sd15</c> and <c>sd21-v</c>): the time a model switch adds to
/// a job. One engine serves both models with Generator:MaxLoadedModels = 1, so every job on the other model unloads one
/// and loads the other; the same jobs on one model (nothing to load) are the baseline. Each job is a small text-to-image
/// request (4 steps, 64×64) so the load dominates; reported: mean and median job time with and without a switch, and
/// their difference. With MaxLoadedModels = 2 no job after the first two loads anything (shown for comparison).
/// </summary>
internal static class ModelSwitchRun
{
    private const int Jobs = 10;

    public static async Task<int> RunAsync(IReadOnlyList<string> folders, TextWriter output, CancellationToken cancellationToken)
    {
        var defaults = FamilyBenchmarkRun.DefaultFolders();
        var pair = folders.Count == 2 ? folders
            : [.. new[] { "sd15", "sd21-v" }.Select(n => defaults.FirstOrDefault(d => Path.GetFileName(d) == n)).OfType<string>()];
        if (pair.Count != 2)
        {
            await output.WriteLineAsync("Need two model folders: pass them as arguments, or put the tinysd fixtures in ../shared/tinysd next to the repository.");
            return 2;
        }

        await output.WriteLineAsync($"models {Path.GetFileName(pair[0])} and {Path.GetFileName(pair[1])}, {Jobs} jobs each way, 4 steps at 64×64, after one warm-up job per model");
        var same = await MeasureAsync(pair, maxLoaded: 1, alternate: false, cancellationToken);
        var switching = await MeasureAsync(pair, maxLoaded: 1, alternate: true, cancellationToken);
        var bothLoaded = await MeasureAsync(pair, maxLoaded: 2, alternate: true, cancellationToken);
        await output.WriteLineAsync("| jobs | MaxLoadedModels | mean ms | median ms | mean model load ms |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|");
        await output.WriteLineAsync(Row("same model", 1, same));
        await output.WriteLineAsync(Row("alternating (switch every job)", 1, switching));
        await output.WriteLineAsync(Row("alternating, both kept loaded", 2, bothLoaded));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"A switch adds {switching.Jobs.Average() - same.Jobs.Average():F0} ms to a job (mean; median {Median(switching.Jobs) - Median(same.Jobs):F0} ms)."));
        return 0;
    }

    private static string Row(string what, int maxLoaded, (List<double> Jobs, List<double> Loads) m) =>
        string.Create(CultureInfo.InvariantCulture, $"| {what} | {maxLoaded} | {m.Jobs.Average():F0} | {Median(m.Jobs):F0} | {m.Loads.Average():F0} |");

    private static async Task<(List<double> Jobs, List<double> Loads)> MeasureAsync(IReadOnlyList<string> pair, int maxLoaded, bool alternate, CancellationToken cancellationToken)
    {
        var models = new ModelsOptions();
        models.Entries["a"] = new ModelEntryOptions { Path = pair[0], Sizes = ["64x64"] };
        models.Entries["b"] = new ModelEntryOptions { Path = pair[1], Sizes = ["64x64"] };
        using var catalog = new FolderModelCatalog(Microsoft.Extensions.Options.Options.Create(models), new NoBuiltIn());
        var options = new GeneratorOptions { EnableSafetyChecker = false, MaxLoadedModels = maxLoaded };
        if (Enum.TryParse<ExecutionProviderKind>(Environment.GetEnvironmentVariable("Generator__ExecutionProvider"), ignoreCase: true, out var provider))
            options.ExecutionProvider = provider;
        using var engine = new DiffusionEngine(Microsoft.Extensions.Options.Options.Create(options), catalog, new FixedSeed(), TimeProvider.System, NullLogger<DiffusionEngine>.Instance);
        var request = new GenerationRequest("a lighthouse on a cliff at dusk", Seed: 1, Steps: 4, Width: 64, Height: 64);
        await engine.GenerateAsync(request with { Model = "b" }, null, cancellationToken);
        await engine.GenerateAsync(request with { Model = "a" }, null, cancellationToken);
        var jobs = new List<double>();
        var loads = new List<double>();
        for (var i = 0; i < Jobs; i++)
        {
            var model = alternate && i % 2 == 0 ? "b" : "a";
            var clock = Stopwatch.StartNew();
            var result = await engine.GenerateAsync(request with { Model = model }, null, cancellationToken);
            jobs.Add(clock.Elapsed.TotalMilliseconds);
            loads.Add(result.Timings.ModelLoad.TotalMilliseconds);
        }

        return (jobs, loads);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class NoBuiltIn : IModelFolderProvider
    {
        public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("The benchmark names both models.");
    }

    private sealed class FixedSeed : Core.Ports.ISeedSource
    {
        public long NextSeed() => 1;
    }
}
