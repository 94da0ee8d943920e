namespace DiffusionBot.Diffusion.Options;

/// <summary>Where ONNX Runtime executes the models.</summary>
public enum ExecutionProviderKind
{
    /// <summary>The default CPU provider (works with the standard Microsoft.ML.OnnxRuntime package).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs the Gpu build (<c>-p:OnnxRuntimeFlavor=Gpu</c>) and a CUDA runtime image.</summary>
    Cuda,
}
