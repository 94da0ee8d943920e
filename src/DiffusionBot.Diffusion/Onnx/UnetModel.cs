using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>The UNet's input/output names, element types and timestep layout, all read from the session metadata.</summary>
internal sealed class UnetModel
{
    public UnetModel(OnnxModel model)
    {
        Model = model;
        Sample = model.FindInput("sample", 4);
        Timestep = model.Inputs.ContainsKey("timestep") ? "timestep" : model.Inputs.Keys.FirstOrDefault(k => model.Inputs[k].Dimensions.Length <= 1)
            ?? throw new DiffusionModelException($"'{model.File}' has no 'timestep' input (it has: {string.Join(", ", model.Inputs.Keys)}).");
        EncoderHiddenStates = model.FindInput("encoder_hidden_states", 3);
        Output = model.FindOutput("out_sample", 4);
        SampleType = model.InputType(Sample);
        TimestepType = model.InputType(Timestep);
        HiddenType = model.InputType(EncoderHiddenStates);
        OutputType = model.OutputType(Output);
        if (model.Inputs.ContainsKey("text_embeds") || model.Inputs.ContainsKey("time_ids"))
        {
            TextEmbeds = model.FindInput("text_embeds", 2);
            TimeIds = model.FindInput("time_ids", 2);
            TimeIdCount = model.Inputs[TimeIds].Dimensions[1] > 0 ? model.Inputs[TimeIds].Dimensions[1] : 6;
            if (TimeIdCount != 6)
                throw new DiffusionModelException($"'{model.File}' input '{TimeIds}' holds {TimeIdCount} values; the engine gives SDXL base's 6 (original size, crop, target size). Refiner UNets are not supported.");
        }
        if (model.Inputs.TryGetValue("timestep_cond", out var timestepCond))
        {
            TimestepCond = "timestep_cond";
            TimestepCondWidth = timestepCond.Dimensions is [_, > 0 and var width] ? width
                : throw new DiffusionModelException($"'{model.File}' input 'timestep_cond' has no fixed width; expected [batch, time_cond_proj_dim].");
        }

        var known = new HashSet<string?> { Sample, Timestep, EncoderHiddenStates, TextEmbeds, TimeIds, TimestepCond };
        var unknown = model.Inputs.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new DiffusionModelException($"'{model.File}' has input(s) {string.Join(", ", unknown)} that the engine does not feed (it feeds sample, timestep, encoder_hidden_states, SDXL's text_embeds/time_ids and LCM's timestep_cond). Use a Stable Diffusion 1.x/2.x or SDXL UNet export.");
        var timestepDims = model.Inputs[Timestep].Dimensions;
        TimestepShape = timestepDims.Select(d => d > 0 ? (long)d : 1L).ToArray();
        var hiddenDims = model.Inputs[EncoderHiddenStates].Dimensions;
        FixedSequenceLength = hiddenDims[1] > 0 ? hiddenDims[1] : null;
        var sampleDims = model.Inputs[Sample].Dimensions;
        LatentChannels = sampleDims[1] > 0 ? sampleDims[1] : 4;
        foreach (var (name, type) in new[] { (Sample, SampleType), (EncoderHiddenStates, HiddenType), (Output, OutputType) })
        {
            if (type is not (TensorElementType.Float or TensorElementType.Float16))
                throw new DiffusionModelException($"'{model.File}' tensor '{name}' is {type}; expected float32 or float16.");
        }

        if (TimestepType is not (TensorElementType.Float or TensorElementType.Float16 or TensorElementType.Int64 or TensorElementType.Int32))
            throw new DiffusionModelException($"'{model.File}' input '{Timestep}' is {TimestepType}; expected float32, float16, int64 or int32.");
    }

    public OnnxModel Model { get; }

    public string Sample { get; }

    public string Timestep { get; }

    public string EncoderHiddenStates { get; }

    public string Output { get; }

    /// <summary>SDXL's pooled text embeddings input [batch, projection]; null for SD 1.x/2.x.</summary>
    public string? TextEmbeds { get; }

    /// <summary>SDXL's size/crop conditioning input [batch, 6]; null for SD 1.x/2.x.</summary>
    public string? TimeIds { get; }

    public int TimeIdCount { get; }

    public bool HasAddedConditioning => TextEmbeds is not null;

    /// <summary>An LCM UNet's guidance-scale embedding input [batch, time_cond_proj_dim]; null otherwise.</summary>
    public string? TimestepCond { get; }

    public int TimestepCondWidth { get; }

    public TensorElementType SampleType { get; }

    public TensorElementType TimestepType { get; }

    public TensorElementType HiddenType { get; }

    public TensorElementType OutputType { get; }

    public long[] TimestepShape { get; }

    public int LatentChannels { get; }

    /// <summary>The <c>encoder_hidden_states</c> sequence length when the export fixed it (77); null when it is dynamic
    /// (then prompts longer than one chunk are encoded in full).</summary>
    public int? FixedSequenceLength { get; }
}
