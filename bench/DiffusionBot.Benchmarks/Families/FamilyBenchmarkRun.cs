using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Benchmarks.Families;

/// <summary>
/// <c>families [folder…]</c>: for each model folder (default: every folder of <c>../shared/tinysd</c>), the model
/// load time, the resident memory it added (RSS after loading minus before, in a fresh process per model, so ONNX
/// Runtime's own start-up is included), and the mean denoising step time at the family's default size and
/// guidance (classifier-free guidance doubles the UNet batch; turbo runs without). Measured after one warm-up
/// generation; <c>Generator__ExecutionProvider=Cuda</c> (with the Gpu build) measures on the GPU.
/// </summary>
internal static class FamilyBenchmarkRun
{
    private const int MeasuredSteps = 8;

    private const string InProcess = "--in-process";

    public static async Task<int> RunAsync(IReadOnlyList<string> folders, TextWriter output, CancellationToken cancellationToken)
    {
        if (folders is [InProcess, var only])
        {
            await output.WriteLineAsync(await MeasureAsync(only, Options(), cancellationToken));
            return 0;
        }

        var options = Options();
        var targets = folders.Count > 0 ? folders : DefaultFolders();
        if (targets.Count == 0)
        {
            await output.WriteLineAsync("No model folders: pass them as arguments, or put the tinysd fixtures in ../shared/tinysd next to the repository.");
            return 2;
        }

        await output.WriteLineAsync($"provider {options.ExecutionProvider}, {MeasuredSteps} measured steps per model, after one warm-up generation");
        await output.WriteLineAsync("| model | family | load ms | resident MB | size | guidance | batch | step ms |");
        await output.WriteLineAsync("|---|---|---:|---:|---|---:|---:|---:|");
        var failed = 0;
        foreach (var folder in targets)
            failed |= await MeasureInChildAsync(folder, output, cancellationToken);
        return failed;
    }

    private static GeneratorOptions Options()
    {
        var options = new GeneratorOptions { EnableSafetyChecker = false };
        if (Enum.TryParse<ExecutionProviderKind>(Environment.GetEnvironmentVariable("Generator__ExecutionProvider"), ignoreCase: true, out var provider))
            options.ExecutionProvider = provider;
        return options;
    }

    /// <summary>Each model is measured in a fresh process, so its resident memory is not mixed with the previous one's.</summary>
    private static async Task<int> MeasureInChildAsync(string folder, TextWriter output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(FamilyBenchmarkRun).Assembly.Location);
        foreach (var argument in new[] { "families", InProcess, folder })
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The benchmark could not start itself.");
        var text = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        await output.WriteAsync(child.ExitCode == 0 ? text : $"| {folder} | failed (exit {child.ExitCode}) | | | | | | |{Environment.NewLine}");
        return child.ExitCode == 0 ? 0 : 1;
    }

    private static async Task<string> MeasureAsync(string folder, GeneratorOptions options, CancellationToken cancellationToken)
    {
        var before = ResidentBytes();
        using var engine = new DiffusionEngine(Microsoft.Extensions.Options.Options.Create(options), new Folder(folder), new FixedSeed(),
            TimeProvider.System, NullLogger<DiffusionEngine>.Instance);
        var clock = Stopwatch.StartNew();
        await engine.LoadAsync(model: null, cancellationToken);
        var loadMs = clock.Elapsed.TotalMilliseconds;
        var defaults = await engine.GetModelDefaultsAsync(cancellationToken);
        var residentMb = (ResidentBytes() - before) / (1024.0 * 1024.0);

        // Distilled models allow few steps (turbo: at most 4): measure as many as the model allows.
        var steps = Math.Min(MeasuredSteps, (await engine.GetCatalogAsync(cancellationToken)).Default.MaxSteps);
        var request = new GenerationRequest("a lighthouse on a cliff at dusk", Seed: 1, Steps: steps);
        await engine.GenerateAsync(request with { Steps = 2 }, null, cancellationToken);
        var result = await engine.GenerateAsync(request, null, cancellationToken);
        var opened = ModelFolder.Open(folder);
        var family = opened.Distillation == ModelDistillation.None ? $"{opened.Family}" : $"{opened.Family} {opened.Distillation}";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(folder.TrimEnd('/'))} | {family} | {loadMs:F0} | {residentMb:F0} | {defaults.Width}×{defaults.Height} | {result.Guidance} | {(result.Guidance > 1 ? 2 : 1)} | {result.Timings.PerStep.TotalMilliseconds:F1} |");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    internal static List<string> DefaultFolders()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DiffusionBot.sln")))
            {
                var tinysd = Path.Combine(dir.FullName, "..", "shared", "tinysd");
                return Directory.Exists(tinysd)
                    ? [.. Directory.EnumerateDirectories(tinysd).Where(d => File.Exists(Path.Combine(d, "model_index.json"))).Order(StringComparer.Ordinal)]
                    : [];
            }
        }

        return [];
    }

    private sealed class Folder(string path) : IModelFolderProvider
    {
        public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken) => ValueTask.FromResult(path);
    }

    private sealed class FixedSeed : Core.Ports.ISeedSource
    {
        public long NextSeed() => 1;
    }
}
