using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Conditioning;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Benchmarks;

/// <summary>
/// Pipeline overhead per denoising step: one full pipeline step (scheduler input scaling into the pinned UNet
/// input, CFG batch copy, UNet run with bound output, guidance, scheduler step) against the bare UNet run on the
/// same preallocated tensors. Demo model with texture (three 3×3 convolutions, 32 channels) at 64×64 latents
/// (512×512 images), batch 2 (classifier-free guidance), Euler; ONNX Runtime on one intra-op thread so the ratio is
/// not dominated by thread scheduling noise. Target: Ratio ≤ 1.02. "Allocated" is per step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.")]
public class DenoisingStepBenchmarks
{
    private const int Steps = 10;
    private string _folder = null!;
    private OnnxModel _onnx = null!;
    private DenoisingLoop _loop = null!;
    private CancellableRun _run = null!;
    private IScheduler[] _schedulers = null!;
    private IGaussianNoise[] _noises = null!;
    private float[] _timesteps = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("diffusionbot-bench-").FullName;
        DemoModelWriter.WriteAsync(_folder, DemoModelOptions.Demo, CancellationToken.None).GetAwaiter().GetResult();
        _onnx = new OnnxSessionFactory(new GeneratorOptions { IntraOpThreads = 1 }).Load(Path.Combine(_folder, "unet", "model.onnx"));
        var unet = new UnetModel(_onnx);
        var condHidden = new float[OracleSpec.SequenceLength * OracleSpec.HiddenSize];
        condHidden[OracleSpec.HiddenSize] = 0.5f; // one coloured token
        var cond = new TextConditioning(condHidden, OracleSpec.SequenceLength, OracleSpec.HiddenSize, Pooled: null);
        var uncond = new TextConditioning(new float[condHidden.Length], OracleSpec.SequenceLength, OracleSpec.HiddenSize, Pooled: null);
        _loop = new DenoisingLoop(unet, count: 1, latentHeight: 64, latentWidth: 64, cond, uncond, timeIds: null, guidanceEmbedding: null);
        var scheduler = SchedulerFactory.Create(SchedulerKind.Euler, SchedulerConfig.StableDiffusionDefault);
        scheduler.SetTimesteps(Steps);
        _timesteps = scheduler.Timesteps.ToArray();
        var noise = new XoshiroGaussianNoise(42);
        noise.Fill(_loop.Latents(0));
        System.Numerics.Tensors.TensorPrimitives.Multiply(_loop.Latents(0), scheduler.InitNoiseSigma, _loop.Latents(0));
        _schedulers = [scheduler];
        _noises = [noise];
        _run = new CancellableRun(CancellationToken.None);
        // One real step first, so the baseline's UNet runs on the inputs the pipeline feeds it (latents scaled for a
        // real timestep), not on never-written zero buffers at timestep 0.
        _loop.RunStep(_schedulers, _noises, 7.5f, 0, _timesteps[0], _run);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _run.Dispose();
        _loop.Dispose();
        _onnx.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public void UnetRunOnly()
    {
        for (var step = 0; step < Steps; step++)
            _loop.RunUnet(_run);
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public void PipelineStep()
    {
        for (var step = 0; step < Steps; step++)
            _loop.RunStep(_schedulers, _noises, 7.5f, step, _timesteps[step], _run);
    }

    /// <summary>The pipeline's own work per step without the UNet (scaling, CFG copy, guidance, scheduler step):
    /// Ratio − 1 of <see cref="PipelineStep"/> should be about this divided by the UNet time.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void PipelineOverheadOnly()
    {
        for (var step = 0; step < Steps; step++)
            _loop.RunStepWithoutUnet(_schedulers, _noises, 7.5f, step, _timesteps[step]);
    }

    /// <summary>The baseline again, measured after the others: how far identical code drifts within one run. On a
    /// shared 2-core machine this spread (several percent) exceeds the pipeline's own cost, so read the step ratio
    /// together with it and with <see cref="PipelineOverheadOnly"/>.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void UnetRunOnlyMeasuredLast()
    {
        for (var step = 0; step < Steps; step++)
            _loop.RunUnet(_run);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process: no boilerplate project to build, and both methods share one process and its warm sessions.
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(60).WithId("Step"));
        }
    }
}
