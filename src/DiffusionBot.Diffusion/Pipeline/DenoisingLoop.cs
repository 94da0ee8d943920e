using System.Numerics.Tensors;
using DiffusionBot.Diffusion.Conditioning;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// The scheduler loop for one request of <c>count</c> images. With classifier-free guidance the UNet runs once per
/// step on a batch of 2·count ([uncond × count, cond × count]) and the prediction is uncond + g·(cond − uncond);
/// without it (guidance ≤ 1) the batch is count and only the prompt is used. All tensors (inputs and the bound
/// output) are allocated here, once, over pinned arrays; a step allocates nothing.
/// </summary>
internal sealed class DenoisingLoop : IDisposable
{
    private readonly UnetModel _unet;
    private readonly int _count;
    private readonly int _imageLength;
    private readonly bool _guided;
    private readonly TensorBuffer _sample;
    private readonly TensorBuffer _timestep;
    private readonly TensorBuffer _hidden;
    private readonly TensorBuffer _output;
    private readonly TensorBuffer? _textEmbeds;
    private readonly TensorBuffer? _timeIds;
    private readonly TensorBuffer? _timestepCond;
    private readonly float[] _latents;
    private readonly float[] _prediction;
    private readonly float[]? _scaledScratch;
    private readonly float[]? _outputScratch;
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputValues;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _outputValues;

    /// <param name="cond">The prompt's conditioning.</param>
    /// <param name="uncond">The negative prompt's; null disables guidance (no uncond half in the batch).</param>
    /// <param name="timeIds">SDXL's time ids (original size, crop top-left, target size), the same for every row;
    /// required exactly when the UNet has <c>text_embeds</c> / <c>time_ids</c> inputs.</param>
    /// <param name="guidanceEmbedding">An LCM UNet's <c>timestep_cond</c> row (see <see cref="GuidanceEmbedding"/>);
    /// required exactly when the UNet has that input.</param>
    public DenoisingLoop(UnetModel unet, int count, int latentHeight, int latentWidth, TextConditioning cond, TextConditioning? uncond, float[]? timeIds,
        float[]? guidanceEmbedding)
    {
        _unet = unet;
        _count = count;
        _guided = uncond is not null;
        Channels = unet.LatentChannels;
        _imageLength = Channels * latentHeight * latentWidth;
        var batch = _guided ? count * 2 : count;

        _sample = TensorBuffer.Create(unet.SampleType, batch, Channels, latentHeight, latentWidth);
        _timestep = TensorBuffer.Create(unet.TimestepType, unet.TimestepShape);
        _hidden = TensorBuffer.Create(unet.HiddenType, batch, cond.Tokens, cond.Width);
        _output = TensorBuffer.Create(unet.OutputType, batch, Channels, latentHeight, latentWidth);
        _latents = new float[count * _imageLength];
        _prediction = new float[count * _imageLength];
        _scaledScratch = _sample.IsSingle ? null : new float[_imageLength];
        _outputScratch = _output.IsSingle ? null : new float[batch * _imageLength];
        WriteRows(_hidden, cond.Hidden, uncond?.Hidden, cond.Hidden.Length);

        List<string> names = [unet.Sample, unet.Timestep, unet.EncoderHiddenStates];
        List<OrtValue> values = [_sample.Value, _timestep.Value, _hidden.Value];
        if (unet.HasAddedConditioning)
        {
            var pooled = cond.Pooled ?? throw new DiffusionModelException($"'{unet.Model.File}' needs pooled text embeddings ('{unet.TextEmbeds}'), which this model's text encoders did not give.");
            if (timeIds is null || timeIds.Length != unet.TimeIdCount)
                throw new DiffusionModelException($"'{unet.Model.File}' needs {unet.TimeIdCount} time ids per row.");
            _textEmbeds = TensorBuffer.Create(unet.Model.InputType(unet.TextEmbeds!), batch, pooled.Length);
            WriteRows(_textEmbeds, pooled, uncond?.Pooled, pooled.Length);
            _timeIds = TensorBuffer.Create(unet.Model.InputType(unet.TimeIds!), batch, timeIds.Length);
            WriteRows(_timeIds, timeIds, _guided ? timeIds : null, timeIds.Length);
            names.AddRange([unet.TextEmbeds!, unet.TimeIds!]);
            values.AddRange([_textEmbeds.Value, _timeIds.Value]);
        }

        if (unet.TimestepCond is { } timestepCond)
        {
            if (guidanceEmbedding is null || guidanceEmbedding.Length != unet.TimestepCondWidth)
                throw new DiffusionModelException($"'{unet.Model.File}' needs a guidance embedding of {unet.TimestepCondWidth} values per row.");
            _timestepCond = TensorBuffer.Create(unet.Model.InputType(timestepCond), batch, guidanceEmbedding.Length);
            WriteRows(_timestepCond, guidanceEmbedding, _guided ? guidanceEmbedding : null, guidanceEmbedding.Length);
            names.Add(timestepCond);
            values.Add(_timestepCond.Value);
        }

        _inputNames = [.. names];
        _inputValues = [.. values];
        _outputNames = [unet.Output];
        _outputValues = [_output.Value];
    }

    /// <summary>Writes a per-image row into every batch row: [uncond × count, cond × count], or cond × count unguided.</summary>
    private void WriteRows(TensorBuffer target, float[] cond, float[]? uncond, int rowLength)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_guided)
            {
                target.Write(uncond ?? throw new DiffusionModelException("The negative conditioning lacks a row the UNet needs."), i * rowLength);
                target.Write(cond, (_count + i) * rowLength);
            }
            else
            {
                target.Write(cond, i * rowLength);
            }
        }
    }

    public int Channels { get; }

    public int ImageLength => _imageLength;

    /// <summary>A copy of the <c>encoder_hidden_states</c> the UNet is given (as float32) and its shape.</summary>
    internal (float[] Values, long[] Shape) CopyEncoderHiddenStates()
    {
        var values = new float[_hidden.Length];
        _hidden.Read(values);
        return (values, [.. _hidden.Shape]);
    }

    /// <summary>Latents of image <paramref name="index"/> (scaled latent space), read and written in place.</summary>
    public Span<float> Latents(int index) => _latents.AsSpan(index * _imageLength, _imageLength);

    /// <summary>Runs steps <paramref name="startIndex"/> … end of each image's scheduler (all share one timestep table).</summary>
    public void Run(IReadOnlyList<IScheduler> schedulers, IReadOnlyList<IGaussianNoise> noises, float guidance, int startIndex,
        Action<int>? afterStep, CancellableRun run)
    {
        var stepCount = schedulers[0].Timesteps.Length;
        for (var step = startIndex; step < stepCount; step++)
        {
            run.CancellationToken.ThrowIfCancellationRequested();
            RunStep(schedulers, noises, guidance, step, schedulers[0].Timesteps[step], run);
            afterStep?.Invoke(step);
        }
    }

    internal void RunStep(IReadOnlyList<IScheduler> schedulers, IReadOnlyList<IGaussianNoise> noises, float guidance, int step, float timestep, CancellableRun run)
    {
        PrepareSample(schedulers, step);
        _timestep.Fill(timestep);
        RunUnet(run);
        GuideAndStep(schedulers, noises, guidance, step);
    }

    /// <summary>Everything a step does except the UNet run (the benchmark's measure of pipeline overhead).</summary>
    internal void RunStepWithoutUnet(IReadOnlyList<IScheduler> schedulers, IReadOnlyList<IGaussianNoise> noises, float guidance, int step, float timestep)
    {
        PrepareSample(schedulers, step);
        _timestep.Fill(timestep);
        GuideAndStep(schedulers, noises, guidance, step);
    }

    private void GuideAndStep(IReadOnlyList<IScheduler> schedulers, IReadOnlyList<IGaussianNoise> noises, float guidance, int step)
    {
        var output = ReadOutput();
        for (var i = 0; i < _count; i++)
        {
            var latents = Latents(i);
            if (_guided)
            {
                var uncond = output.Slice(i * _imageLength, _imageLength);
                var cond = output.Slice((_count + i) * _imageLength, _imageLength);
                var prediction = _prediction.AsSpan(i * _imageLength, _imageLength);
                TensorPrimitives.Subtract(cond, uncond, prediction);
                TensorPrimitives.MultiplyAdd(prediction, guidance, uncond, prediction);
                schedulers[i].Step(prediction, step, latents, noises[i]);
            }
            else
            {
                schedulers[i].Step(output.Slice(i * _imageLength, _imageLength), step, latents, noises[i]);
            }
        }
    }

    /// <summary>One bare UNet run on the current buffers (the benchmark's baseline).</summary>
    internal void RunUnet(CancellableRun run) =>
        run.Run(_unet.Model, _inputNames, _inputValues, _outputNames, _outputValues);

    private void PrepareSample(IReadOnlyList<IScheduler> schedulers, int step)
    {
        for (var i = 0; i < _count; i++)
        {
            var condOffset = (_guided ? _count + i : i) * _imageLength;
            if (_scaledScratch is null)
            {
                var sample = _sample.Singles;
                var cond = sample.Slice(condOffset, _imageLength);
                schedulers[i].ScaleModelInput(Latents(i), cond, step);
                if (_guided)
                    cond.CopyTo(sample.Slice(i * _imageLength, _imageLength));
            }
            else
            {
                schedulers[i].ScaleModelInput(Latents(i), _scaledScratch, step);
                _sample.Write(_scaledScratch, condOffset);
                if (_guided)
                    _sample.Write(_scaledScratch, i * _imageLength);
            }
        }
    }

    private ReadOnlySpan<float> ReadOutput()
    {
        if (_outputScratch is null)
            return _output.Singles;
        _output.Read(_outputScratch);
        return _outputScratch;
    }

    public void Dispose()
    {
        _sample.Dispose();
        _timestep.Dispose();
        _hidden.Dispose();
        _output.Dispose();
        _textEmbeds?.Dispose();
        _timeIds?.Dispose();
        _timestepCond?.Dispose();
    }
}
