using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using System.Numerics.Tensors;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>VAE decoder: latents (divided by the scaling factor) [1, C, h, w] → image [1, 3, 8h, 8w] in [-1, 1].</summary>
internal sealed class VaeDecoderModel(OnnxModel model, float scalingFactor)
{
    private readonly string _input = model.FindInput("latent_sample", 4);
    private readonly string _output = model.FindOutput("sample", 4);

    public RgbImage Decode(ReadOnlySpan<float> latents, int channels, int latentHeight, int latentWidth, CancellableRun run)
    {
        using var input = TensorBuffer.Create(model.InputType(_input), 1, channels, latentHeight, latentWidth);
        var scaled = new float[latents.Length];
        TensorPrimitives.Multiply(latents, 1f / scalingFactor, scaled);
        input.Write(scaled);
        using var outputs = run.Run(model.Session, [_input], [input.Value], [_output]);
        var shape = OrtValueReader.Shape(outputs[0]);
        if (shape.Length != 4 || shape[1] < 3)
            throw new DiffusionModelException($"'{model.File}' output '{_output}' has shape [{string.Join(", ", shape)}]; expected [1, 3, height, width].");
        return TensorImages.FromSignedPlanar(OrtValueReader.ReadSingles(outputs[0]), (int)shape[3], (int)shape[2]);
    }
}

/// <summary>VAE encoder: image [1, 3, H, W] in [-1, 1] → latents [1, C, H/8, W/8], multiplied by the scaling factor.</summary>
internal sealed class VaeEncoderModel(OnnxModel model, float scalingFactor)
{
    private readonly string _input = model.FindInput("sample", 4);
    private readonly string _output = model.FindOutput("latent_sample", 4);

    public float[] Encode(RgbImage image, CancellableRun run)
    {
        var planar = new float[3 * image.Width * image.Height];
        TensorImages.ToSignedPlanar(image, planar);
        using var input = TensorBuffer.Create(model.InputType(_input), 1, 3, image.Height, image.Width);
        input.Write(planar);
        using var outputs = run.Run(model.Session, [_input], [input.Value], [_output]);
        var latents = OrtValueReader.ReadSingles(outputs[0]);
        TensorPrimitives.Multiply(latents, scalingFactor, latents);
        return latents;
    }
}
