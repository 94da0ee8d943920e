using System.Collections.Concurrent;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

[assembly: AssemblyFixture(typeof(DiffusionBot.Diffusion.Tests.Support.TinySdModels))]

namespace DiffusionBot.Diffusion.Tests.Support;

/// <summary>The miniature real-architecture model folders in <c>../shared/tinysd/</c> (sd15, sd15-fp16, sd21-v,
/// sd-turbo, sdxl), one engine per folder shared by all tests (sessions load once), each run recorded through
/// <see cref="RecordingRunObserver"/>. Tests skip with a message where <c>../shared</c> is absent.</summary>
public sealed class TinySdModels : IDisposable
{
    public static readonly TheoryData<string> All = ["sd15", "sd15-fp16", "sd21-v", "sd-turbo", "sdxl"];

    private static readonly ConcurrentBag<string> Scratch = [];
    private readonly ConcurrentDictionary<string, Lazy<DiffusionEngine>> _engines = new();

    internal RecordingRunObserver Observer { get; } = new();

    /// <summary>The folder's full path, or a skip naming it.</summary>
    public static string Folder(string name) => SharedFiles.RequireFolder(Path.Combine("tinysd", name));

    /// <summary>The shared engine over <c>../shared/tinysd/<paramref name="name"/></c> (seed 1234 when none is given).</summary>
    public DiffusionEngine Engine(string name)
    {
        var folder = Folder(name);
        return _engines.GetOrAdd(name, _ => new Lazy<DiffusionEngine>(() => CreateEngine(folder, Observer))).Value;
    }

    /// <summary>A fresh engine over any folder (for scratch copies), recording into <paramref name="observer"/>.</summary>
    internal static DiffusionEngine CreateEngine(string folder, RecordingRunObserver? observer = null, Action<GeneratorOptions>? configure = null)
    {
        var options = new GeneratorOptions { EnableSafetyChecker = false };
        configure?.Invoke(options);
        return new DiffusionEngine(Microsoft.Extensions.Options.Options.Create(options), new FixedFolder(folder), new FixedSeedSource(1234),
            TimeProvider.System, NullLogger<DiffusionEngine>.Instance, observer);
    }

    /// <summary>A scratch copy of a fixture folder whose files are links to the originals, so a test may replace or
    /// delete some of them without touching the shared data.</summary>
    public static string LinkedCopy(string name)
    {
        var source = Folder(name);
        var target = Directory.CreateTempSubdirectory($"tinysd-{name}-").FullName;
        Scratch.Add(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.CreateSymbolicLink(destination, file);
        }

        return target;
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values.Where(e => e.IsValueCreated))
            engine.Value.Dispose();
        foreach (var folder in Scratch)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class FixedFolder(string folder) : IModelFolderProvider
    {
        public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken) => ValueTask.FromResult(folder);
    }
}
