using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.DemoModels.Models;

/// <summary>Real-ESRGAN-layout upscaler oracle: nearest-neighbour upsample of a 0..1 NCHW image.</summary>
internal static class UpscalerModel
{
    public static ModelProto Build(int scale)
    {
        if (scale is not (2 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The demo upscaler scales by 2 or 4.");
        }

        var g = new OnnxGraphBuilder($"demo_upscaler_x{scale}");
        g.Input("input", ElementType.Float, 1, 3, "height", "width");
        Upsample.Nearest(g, "input", scale, "output");
        g.Output("output", ElementType.Float, 1, 3, $"height_x{scale}", $"width_x{scale}");
        return g.Build($"Demo upscaler: nearest-neighbour x{scale}.");
    }
}
