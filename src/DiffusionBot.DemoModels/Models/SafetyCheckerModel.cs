using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.DemoModels.Models;

/// <summary>Safety checker oracle: flags images whose de-normalised mean clip_input colour is near magenta;
/// images pass through unchanged.</summary>
internal static class SafetyCheckerModel
{
    public const int ClipImageSize = 224;

    public static ModelProto Build()
    {
        var g = new OnnxGraphBuilder("demo_safety_checker");
        g.Input("clip_input", ElementType.Float, "batch", 3, ClipImageSize, ClipImageSize);
        g.Input("images", ElementType.Float, "batch", "height", "width", 3);

        var mean = g.Node("ReduceMean", ["clip_input"], attributes: [Attr.Ints("axes", 2, 3), Attr.Int("keepdims", 0)]);
        var rgb = g.Add(g.Mul(mean, g.Initializer("clip_std", OracleSpec.ClipImageStd.ToArray(), 3)), g.Initializer("clip_mean", OracleSpec.ClipImageMean.ToArray(), 3));
        var deviation = g.Node("Abs", [g.Sub(rgb, g.Floats("magenta", 1, 0, 1))]);
        var worst = g.Node("ReduceMax", [deviation], attributes: [Attr.Ints("axes", 1), Attr.Int("keepdims", 0)]);
        g.Node("Less", [worst, g.Floats("flag_distance", (float)OracleSpec.SafetyFlagDistance)], "has_nsfw_concepts");
        g.Identity("images", "out_images");

        g.Output("out_images", ElementType.Float, "batch", "height", "width", 3);
        g.Output("has_nsfw_concepts", ElementType.Bool, "batch");
        return g.Build("Demo safety checker: flags an image when its mean colour (clip_input * std + mean) is within 0.25 of magenta (1, 0, 1) in every channel.");
    }
}
