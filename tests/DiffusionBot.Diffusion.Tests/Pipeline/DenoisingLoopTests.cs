using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;
using DiffusionBot.Diffusion.Conditioning;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;
using Google.Protobuf;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

public sealed class DenoisingLoopTests
{
    [Fact]
    public void RunStep_TimestepInputWithOneEntryPerBatchRow_GivesEveryRowTheTimestep()
    {
        // A UNet exported with a fixed timestep shape [2] (one per row of the guided batch) that answers each row
        // with its own timestep: uncond and cond rows must both see t, so the guided prediction is t itself.
        var folder = Directory.CreateTempSubdirectory("diffusionbot-loop-");
        var file = Path.Combine(folder.FullName, "unet.onnx");
        File.WriteAllBytes(file, TimestepEchoUnet().ToByteArray());
        using var onnx = new OnnxSessionFactory(new GeneratorOptions()).Load(file);
        folder.Delete(recursive: true);
        var unet = new UnetModel(onnx);
        var cond = new TextConditioning(new float[2 * 4], Tokens: 2, Width: 4, Pooled: null);
        var uncond = new TextConditioning(new float[2 * 4], Tokens: 2, Width: 4, Pooled: null);
        using var loop = new DenoisingLoop(unet, count: 1, latentHeight: 2, latentWidth: 2, cond, uncond, timeIds: null, guidanceEmbedding: null);
        var scheduler = new RecordingScheduler();
        using var run = new CancellableRun(TestContext.Current.CancellationToken);

        loop.RunStep([scheduler], [new XoshiroGaussianNoise(1)], guidance: 7.5f, step: 0, timestep: 500f, run);

        Assert.Equal(loop.ImageLength, scheduler.LastModelOutput.Length);
        Assert.All(scheduler.LastModelOutput, v => Assert.Equal(500f, v));
    }

    [Fact]
    public void RunUnet_CancelledToken_SetsTerminateFlagWhichOnnxRuntimeHonours()
    {
        // What stops a UNet run already under way, checked in two deterministic halves: cancelling the token raises
        // RunOptions.Terminate at once, and ONNX Runtime refuses to run (or continue) with that flag raised.
        var folder = Directory.CreateTempSubdirectory("diffusionbot-loop-");
        var file = Path.Combine(folder.FullName, "unet.onnx");
        File.WriteAllBytes(file, TimestepEchoUnet().ToByteArray());
        using var onnx = new OnnxSessionFactory(new GeneratorOptions()).Load(file);
        folder.Delete(recursive: true);
        var conditioning = new TextConditioning(new float[2 * 4], Tokens: 2, Width: 4, Pooled: null);
        using var loop = new DenoisingLoop(new UnetModel(onnx), count: 1, latentHeight: 2, latentWidth: 2, conditioning, conditioning, timeIds: null,
            guidanceEmbedding: null);
        using var cancellation = new CancellationTokenSource();
        using var run = new CancellableRun(cancellation.Token);
        loop.RunUnet(run);

        cancellation.Cancel();

        Assert.True(run.Options.Terminate);
        Assert.Throws<OperationCanceledException>(() => loop.RunUnet(run));
        using var flagged = new CancellableRun(CancellationToken.None);
        flagged.Options.Terminate = true;
        Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => loop.RunUnet(flagged));
    }

    private static ModelProto TimestepEchoUnet()
    {
        var g = new OnnxGraphBuilder("timestep_echo_unet");
        g.Input("sample", ElementType.Float, "batch", 4, "height", "width");
        g.Input("timestep", ElementType.Float, 2);
        g.Input("encoder_hidden_states", ElementType.Float, "batch", 2, 4);
        var zero = g.Mul("sample", g.Floats("zero", 0f));
        var perRow = g.Node("Reshape", ["timestep", g.Int64s("row_shape", 2, 1, 1, 1)]);
        g.Add(zero, perRow, "out_sample");
        g.Output("out_sample", ElementType.Float, "batch", 4, "height", "width");
        return g.Build("test UNet: out_sample[b] = timestep[b]");
    }

    private sealed class RecordingScheduler : IScheduler
    {
        public float[] LastModelOutput { get; private set; } = [];

        public SchedulerKind Kind => SchedulerKind.Euler;

        public int Order => 1;

        public int InferenceSteps => 1;

        public ReadOnlySpan<float> Timesteps => new float[] { 500f };

        public float InitNoiseSigma => 1f;

        public bool UsesStepNoise => false;

        public void SetTimesteps(int inferenceSteps)
        {
        }

        public int SetImageToImageTimesteps(int inferenceSteps, double strength) => 0;

        public void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex) => sample.CopyTo(destination);

        public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise) =>
            LastModelOutput = modelOutput.ToArray();

        public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination) =>
            original.CopyTo(destination);
    }
}
