using System.Collections.Concurrent;
using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Randomness;
using Microsoft.Extensions.Logging.Abstractions;

[assembly: AssemblyFixture(typeof(DiffusionBot.Diffusion.Tests.Support.DemoModelFolders))]

namespace DiffusionBot.Diffusion.Tests.Support;

/// <summary>Known-answer model folders written once per test run into a temp folder, and one shared engine per
/// variant (sessions load once). Deleted at the end.</summary>
public sealed class DemoModelFolders : IDisposable
{
    public static readonly DemoModelOptions Oracle = DemoModelOptions.Oracle;
    public static readonly DemoModelOptions Texture = DemoModelOptions.Demo;
    public static readonly DemoModelOptions Int64Timestep = DemoModelOptions.Oracle with { TimestepDtype = DemoTimestepDtype.Int64 };
    public static readonly DemoModelOptions Float16 = DemoModelOptions.Oracle with { Float16 = true, TimestepDtype = DemoTimestepDtype.Float16 };
    public static readonly DemoModelOptions NoExtras = DemoModelOptions.Oracle with { IncludeUpscalers = false, IncludeSafetyChecker = false };

    private readonly ConcurrentDictionary<DemoModelOptions, Lazy<Task<string>>> _folders = new();
    private readonly ConcurrentDictionary<DemoModelOptions, Lazy<Task<DiffusionEngine>>> _engines = new();
    private int _scratchCounter;

    public DemoModelFolders() => Root = Directory.CreateTempSubdirectory("diffusionbot-engine-tests-").FullName;

    public string Root { get; }

    public Task<string> FolderAsync(DemoModelOptions options) =>
        _folders.GetOrAdd(options, o => new Lazy<Task<string>>(() => WriteAsync(o))).Value;

    /// <summary>A shared engine over the variant (default limits; seeds fixed at 1234 when none is given).</summary>
    public Task<DiffusionEngine> EngineAsync(DemoModelOptions options) =>
        _engines.GetOrAdd(options, o => new Lazy<Task<DiffusionEngine>>(async () => CreateEngine(await FolderAsync(o)))).Value;

    /// <summary>A fresh folder of the variant, for tests that damage it.</summary>
    public async Task<string> ScratchFolderAsync(DemoModelOptions options)
    {
        var folder = Path.Combine(Root, $"scratch-{Interlocked.Increment(ref _scratchCounter)}");
        await DemoModelWriter.WriteAsync(folder, options, TestContext.Current.CancellationToken);
        return folder;
    }

    public static DiffusionEngine CreateEngine(string modelFolder, Action<GeneratorOptions>? configure = null)
    {
        var options = new GeneratorOptions();
        configure?.Invoke(options);
        return new DiffusionEngine(Microsoft.Extensions.Options.Options.Create(options), new FixedModelFolder(modelFolder),
            new FixedSeedSource(1234), TimeProvider.System, NullLogger<DiffusionEngine>.Instance);
    }

    private async Task<string> WriteAsync(DemoModelOptions options)
    {
        var folder = Path.Combine(Root, $"model-{Math.Abs(options.Describe().GetHashCode(StringComparison.Ordinal)):x}");
        await DemoModelWriter.WriteAsync(folder, options, CancellationToken.None);
        return folder;
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully))
            engine.Value.Result.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FixedModelFolder(string folder) : IModelFolderProvider
    {
        public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken) => ValueTask.FromResult(folder);
    }
}

public sealed class FixedSeedSource(long seed) : ISeedSource
{
    public long NextSeed() => seed;
}
