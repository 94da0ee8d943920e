namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>How an image was enlarged.</summary>
public enum UpscaleMethod
{
    /// <summary>An ONNX super-resolution model (Real-ESRGAN layout).</summary>
    OnnxModel,

    /// <summary>No model configured: SkiaSharp Mitchell cubic resampling (no new detail).</summary>
    SkiaResample,
}

/// <param name="MethodName">Human-readable: the model file, or the resampling filter.</param>
public sealed record UpscaleResult(byte[] Png, int Width, int Height, int Factor, UpscaleMethod Method, string MethodName, TimeSpan Elapsed);
