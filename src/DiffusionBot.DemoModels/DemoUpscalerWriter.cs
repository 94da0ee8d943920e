using DiffusionBot.DemoModels.Models;
using Google.Protobuf;

namespace DiffusionBot.DemoModels;

/// <summary>Writes stand-alone known-answer upscaler models (Real-ESRGAN layout: NCHW floats in [0, 1]).</summary>
public static class DemoUpscalerWriter
{
    /// <summary>A ×2 model with a pixel-unshuffle front (needs even sizes): output[y, x] is the mean of the input's
    /// 2×2 block at (2·⌊y/4⌋, 2·⌊x/4⌋).</summary>
    public static Task WritePixelUnshuffleX2Async(string file, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        return File.WriteAllBytesAsync(file, PixelUnshuffleUpscalerModel.Build().ToByteArray(), cancellationToken);
    }
}
