using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.DemoModels.Models;

/// <summary>VAE decoder oracle: latent channels 0..2, nearest-neighbour ×8 upsample.</summary>
internal static class VaeDecoderModel
{
    public static ModelProto Build()
    {
        var g = new OnnxGraphBuilder("demo_vae_decoder");
        g.Input("latent_sample", ElementType.Float, "batch", OracleSpec.LatentChannels, "latent_height", "latent_width");
        var rgb = g.Node("Slice", ["latent_sample", g.Int64s("slice_starts", 0), g.Int64s("slice_ends", 3), g.Int64s("slice_axes", 1)]);
        Upsample.Nearest(g, rgb, OracleSpec.VaeScaleFactor, "sample");
        g.Output("sample", ElementType.Float, "batch", 3, "height", "width");
        return g.Build("Demo VAE decoder: sample = latent channels 0..2, nearest-neighbour x8.");
    }
}
