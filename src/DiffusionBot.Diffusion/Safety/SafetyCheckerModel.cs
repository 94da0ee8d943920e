using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Onnx;

namespace DiffusionBot.Diffusion.Safety;

/// <summary>The diffusers ONNX safety checker: clip_input [N, 3, 224, 224] (CLIP-normalised) and images
/// (NHWC or NCHW floats in [0, 1], per metadata) → has_nsfw_concepts [N]. Only the flags are used; the
/// caller decides whether to blur or hide a flagged image.</summary>
internal sealed class SafetyCheckerModel(OnnxModel model)
{
    private const int ClipSize = 224;
    private static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    private readonly string _clipInput = model.FindInput("clip_input", 4);
    private readonly string _images = model.FindInput("images", 4);
    private readonly string _flags = model.FindOutput("has_nsfw_concepts", 1);

    public bool IsNsfw(RgbImage image, CancellableRun run)
    {
        var clip = PngCodec.Resize(image, ClipSize, ClipSize);
        using var clipInput = TensorBuffer.Create(model.InputType(_clipInput), 1, 3, ClipSize, ClipSize);
        var planar = new float[3 * ClipSize * ClipSize];
        var plane = ClipSize * ClipSize;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                planar[(c * plane) + p] = ((clip.Pixels[(p * 3) + c] / 255f) - ClipMean[c]) / ClipStd[c];
        }

        clipInput.Write(planar);

        var channelsFirst = model.Inputs[_images].Dimensions is [_, 3, _, _] && model.Inputs[_images].Dimensions[3] != 3;
        using var images = channelsFirst
            ? TensorBuffer.Create(model.InputType(_images), 1, 3, image.Height, image.Width)
            : TensorBuffer.Create(model.InputType(_images), 1, image.Height, image.Width, 3);
        var pixels = new float[image.Pixels.Length];
        var imagePlane = image.Width * image.Height;
        for (var p = 0; p < imagePlane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var value = image.Pixels[(p * 3) + c] / 255f;
                pixels[channelsFirst ? (c * imagePlane) + p : (p * 3) + c] = value;
            }
        }

        images.Write(pixels);
        using var outputs = run.Run(model, [_clipInput, _images], [clipInput.Value, images.Value], [_flags]);
        var flags = OrtValueReader.ReadBools(outputs[0]);
        return flags.Length > 0 && flags[0];
    }
}
