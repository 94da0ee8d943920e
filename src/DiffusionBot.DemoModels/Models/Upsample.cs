using DiffusionBot.DemoModels.Onnx;

namespace DiffusionBot.DemoModels.Models;

internal static class Upsample
{
    /// <summary>Nearest-neighbour NCHW upsample by an integer factor: output[y, x] = input[y / s, x / s].</summary>
    public static string Nearest(OnnxGraphBuilder g, string input, int factor, string output) =>
        g.Node(
            "Resize",
            [input, "", g.Floats("resize_scales", 1, 1, factor, factor)],
            output,
            Attr.String("mode", "nearest"),
            Attr.String("coordinate_transformation_mode", "asymmetric"),
            Attr.String("nearest_mode", "floor"));
}
