using BenchmarkDotNet.Attributes;
using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Benchmarks;

/// <summary>
/// One latent's noise (one <see cref="IGaussianNoise.Fill"/>) from each noise source: 4×64×64 values (a 512×512
/// image; ancestral samplers draw this once per step and image) and 4×128×128 (1024×1024). Target: a few ms per
/// 512×512 latent at most, negligible next to one SD 1.5 UNet step. Measured on the shared 2-core CI box under load
/// (--job short --inProcess): cpu 1.7 ms, nv 2.6 ms, xoshiro 1.2 ms per 4×64×64 latent, nothing allocated.
/// </summary>
[MemoryDiagnoser]
public class NoiseSourceBenchmarks
{
    private float[] _latent = null!;
    private IGaussianNoise _noise = null!;

    [Params(NoiseSourceKind.Cpu, NoiseSourceKind.Nv, NoiseSourceKind.Xoshiro)]
    public NoiseSourceKind Source { get; set; }

    [Params(64, 128)]
    public int LatentEdge { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _latent = new float[4 * LatentEdge * LatentEdge];
        _noise = NoiseSources.Create(Source, 42);
    }

    [Benchmark]
    public void FillOneLatent() => _noise.Fill(_latent);
}
