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
        using var outputs = run.Run(model, [_input], [input.Value], [_output]);
        var shape = OrtValueReader.Shape(outputs[0]);
        if (shape.Length != 4 || shape[1] < 3)
            throw new DiffusionModelException($"'{model.File}' output '{_output}' has shape [{string.Join(", ", shape)}]; expected [1, 3, height, width].");
        return TensorImages.FromSignedPlanar(OrtValueReader.ReadSingles(outputs[0]), (int)shape[3], (int)shape[2]);
    }
}

/// <summary>VAE encoder: image [1, 3, H, W] in [-1, 1] → the latent distribution [1, C, H/8, W/8]. Optimum's
/// current exports give <c>latent_parameters</c> (mean ‖ log-variance, 2C channels); older ones give a
/// <c>latent_sample</c> (C channels), which is used as the mean with no spread.</summary>
internal sealed class VaeEncoderModel(OnnxModel model, float scalingFactor, int latentChannels)
{
    private readonly string _input = model.FindInput("sample", 4);
    private readonly string _output = model.Outputs.ContainsKey("latent_parameters") ? "latent_parameters" : model.FindOutput("latent_sample", 4);

    public string File => model.File;

    public LatentDistribution Encode(RgbImage image, CancellableRun run)
    {
        var planar = new float[3 * image.Width * image.Height];
        TensorImages.ToSignedPlanar(image, planar);
        using var input = TensorBuffer.Create(model.InputType(_input), 1, 3, image.Height, image.Width);
        input.Write(planar);
        using var outputs = run.Run(model, [_input], [input.Value], [_output]);
        var shape = OrtValueReader.Shape(outputs[0]);
        var values = OrtValueReader.ReadSingles(outputs[0]);
        if (shape.Length != 4)
            throw new DiffusionModelException($"'{model.File}' output '{_output}' has shape [{string.Join(", ", shape)}]; expected [1, channels, height/8, width/8].");
        var channels = (int)shape[1];
        var plane = (int)(shape[2] * shape[3]);
        if (channels == 2 * latentChannels)
            return new LatentDistribution(values[..(latentChannels * plane)], values[(latentChannels * plane)..], scalingFactor);
        if (channels == latentChannels)
            return new LatentDistribution(values, null, scalingFactor);
        throw new DiffusionModelException($"'{model.File}' output '{_output}' has {channels} channels; the UNet takes {latentChannels} latent channels, so the encoder must give {latentChannels} (a sample) or {2 * latentChannels} (mean and log-variance). Re-export the VAE encoder of the same model.");
    }
}

/// <summary>The VAE's diagonal Gaussian over latents (diffusers' DiagonalGaussianDistribution), unscaled.</summary>
internal sealed class LatentDistribution(float[] mean, float[]? logVariance, float scalingFactor)
{
    public int Length => mean.Length;

    /// <summary>Whether drawing a sample needs noise (false where the export already gave a sample).</summary>
    public bool HasSpread => logVariance is not null;

    /// <summary>mean + exp(½·clamp(logvar, −30, 20))·ε with ε from <paramref name="noise"/>, times the scaling factor.
    /// Draws exactly <see cref="Length"/> values from the noise when there is a spread, none otherwise.</summary>
    public float[] Sample(Randomness.IGaussianNoise noise)
    {
        var latents = new float[mean.Length];
        if (logVariance is null)
        {
            TensorPrimitives.Multiply(mean, scalingFactor, latents);
            return latents;
        }

        noise.Fill(latents);
        for (var i = 0; i < latents.Length; i++)
        {
            var std = MathF.Exp(0.5f * Math.Clamp(logVariance[i], -30f, 20f));
            latents[i] = (mean[i] + (std * latents[i])) * scalingFactor;
        }

        return latents;
    }
}
