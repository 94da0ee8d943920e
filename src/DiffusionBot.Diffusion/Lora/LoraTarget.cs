using DiffusionBot.Diffusion.Onnx.Graph;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A layer a LoRA may change: its diffusers module path and the initializer holding its weight.</summary>
internal sealed record LoraTarget(string ModulePath, OnnxInitializer Initializer, WeightLayout Layout)
{
    /// <summary>Output features (rows of the PyTorch weight).</summary>
    public long OutFeatures => Layout == WeightLayout.InOut ? Initializer.Dims[1] : Initializer.Dims[0];

    /// <summary>Input features times the kernel area (columns of the PyTorch weight flattened to 2-D).</summary>
    public long InFeatures => Layout switch
    {
        WeightLayout.InOut => Initializer.Dims[0],
        WeightLayout.OutIn => Initializer.Dims[1],
        _ => Initializer.Dims.Skip(1).Aggregate(1L, (a, b) => a * b),
    };
}
