using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.DemoModels.Models;

/// <summary>
/// A ×2 super-resolution oracle with Real-ESRGAN x2's pixel-unshuffle front: SpaceToDepth(2) → each 2×2 block's
/// mean per colour (a 1×1 convolution) → nearest ×4. output[y, x] = mean of the input's 2×2 block at
/// (2·⌊y/4⌋, 2·⌊x/4⌋). Like the real model it needs even input sizes, and its output depends on where a tile
/// window starts (an odd start regroups the blocks).
/// </summary>
internal static class PixelUnshuffleUpscalerModel
{
    public static ModelProto Build()
    {
        var g = new OnnxGraphBuilder("demo_upscaler_pixel_unshuffle_x2");
        g.Input("input", ElementType.Float, 1, 3, "height", "width");
        var unshuffled = g.Node("SpaceToDepth", ["input"], attributes: Attr.Int("blocksize", 2));

        // SpaceToDepth puts block position k = dy·2 + dx and colour c at channel k·3 + c.
        var weights = new float[3 * 12];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < 4; k++)
                weights[(c * 12) + (k * 3) + c] = 0.25f;
        }

        var means = g.Node("Conv", [unshuffled, g.Initializer("block_mean_weight", weights, 3, 12, 1, 1)]);
        Upsample.Nearest(g, means, 4, "output");
        g.Output("output", ElementType.Float, 1, 3, "height_x2", "width_x2");
        return g.Build("Demo upscaler: pixel-unshuffle x2 front, 2x2 block mean, nearest x4 (Real-ESRGAN x2 layout).");
    }
}
