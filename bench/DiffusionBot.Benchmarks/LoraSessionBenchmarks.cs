using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;

namespace DiffusionBot.Benchmarks;

/// <summary>
/// Cost of a LoRA session set per fixture of ../shared/tinysd/loras on its miniature model: <c>Build</c> reads the
/// LoRA, merges every targeted initializer and creates the sessions of each changed component (graph already
/// indexed, as after the first use); <c>CachedAcquire</c> is what a job with the same LoRAs and weights pays later
/// (a lookup and a lease). "Allocated" is managed memory (LoRA values, merged weights); the set's merged-weight
/// bytes, the component parameter counts and the native working-set growth of one build are printed at setup, so
/// the figures can be scaled to an SD 1.5 UNet (859.5 M parameters) by parameter count.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.")]
public class LoraSessionBenchmarks
{
    private LoraComponentModel[] _components = null!;
    private OnnxSessionFactory _factory = null!;
    private FileInfo _lora = null!;
    private LoraSessionCache _warm = null!;

    [Params("sd15/style-kohya", "sd15/style-peft", "sd15-fp16/style-kohya", "sdxl/sdxl-style-kohya")]
    public string Fixture { get; set; } = "sd15/style-kohya";

    [GlobalSetup]
    public void Setup()
    {
        var tinysd = TinySdFolder();
        var model = Fixture.Split('/')[0];
        _lora = new FileInfo(Path.Combine(tinysd, "loras", Fixture.Split('/')[1] + ".safetensors"));
        var parts = new List<LoraComponentModel>
        {
            new(LoraComponent.TextEncoder, Path.Combine(tinysd, model, "text_encoder", "model.onnx")),
            new(LoraComponent.Unet, Path.Combine(tinysd, model, "unet", "model.onnx")),
        };
        if (File.Exists(Path.Combine(tinysd, model, "text_encoder_2", "model.onnx")))
            parts.Add(new(LoraComponent.TextEncoder2, Path.Combine(tinysd, model, "text_encoder_2", "model.onnx")));
        _components = [.. parts];
        _factory = new OnnxSessionFactory(new GeneratorOptions { IntraOpThreads = 1 });

        var indexStarted = Stopwatch.GetTimestamp();
        foreach (var component in _components)
            _ = component.Index;
        var indexTime = Stopwatch.GetElapsedTime(indexStarted);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        _warm = new LoraSessionCache(_components, _factory, 1);
        using (var lease = _warm.Acquire([(_lora, 1.0)], CancellationToken.None))
        {
            process.Refresh();
            var parameters = string.Join(", ", _components.Select(c => $"{c.Component} {c.Graph.Initializers.Values.Sum(i => i.ElementCount):N0}"));
            Console.WriteLine($"// {Fixture}: graph index {indexTime.TotalMilliseconds:F1} ms; parameters {parameters}; " +
                $"changed components {string.Join(", ", lease.Set.Models.Keys)}; merged weights {lease.Set.OverrideBytes:N0} B; " +
                $"working set +{(process.WorkingSet64 - before) / 1024.0 / 1024.0:F1} MiB for one set");
        }
    }

    [Benchmark]
    public int Build()
    {
        using var cache = new LoraSessionCache(_components, _factory, 1);
        using var lease = cache.Acquire([(_lora, 1.0)], CancellationToken.None);
        return lease.Set.Models.Count;
    }

    [Benchmark]
    public int CachedAcquire()
    {
        using var lease = _warm.Acquire([(_lora, 1.0)], CancellationToken.None);
        return lease.Set.Models.Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _warm.Dispose();

    private static string TinySdFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DiffusionBot.sln")))
            {
                var tinysd = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "tinysd"));
                return Directory.Exists(tinysd) ? tinysd : throw new DirectoryNotFoundException($"This benchmark needs the shared miniature models at '{tinysd}'.");
            }
        }

        throw new DirectoryNotFoundException("This benchmark needs ../shared/tinysd next to the repository root holding DiffusionBot.sln.");
    }

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(10).WithId("LoraSession"));
    }
}
