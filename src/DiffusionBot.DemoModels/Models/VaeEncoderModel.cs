using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.DemoModels.Models;

/// <summary>VAE encoder oracle: 8×8 average pool of the image into latent channels 0..2, channel 3 = 0.</summary>
internal static class VaeEncoderModel
{
    public static ModelProto Build()
    {
        var g = new OnnxGraphBuilder("demo_vae_encoder");
        g.Input("sample", ElementType.Float, "batch", 3, "height", "width");
        var s = OracleSpec.VaeScaleFactor;
        var pooled = g.Node("AveragePool", ["sample"], attributes: [Attr.Ints("kernel_shape", s, s), Attr.Ints("strides", s, s)]);
        g.Node("Pad", [pooled, g.Int64s("channel_pads", 0, 0, 0, 0, 0, 1, 0, 0), g.Floats("pad_value", 0)], "latent_sample");
        g.Output("latent_sample", ElementType.Float, "batch", OracleSpec.LatentChannels, "latent_height", "latent_width");
        return g.Build("Demo VAE encoder: latent channels 0..2 = 8x8 average of the image, channel 3 = 0.");
    }
}
