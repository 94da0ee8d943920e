namespace DiffusionBot.Diffusion.Imaging;

/// <summary>Conversions between RGB images and planar NCHW float tensors.</summary>
internal static class TensorImages
{
    /// <summary>Planar CHW floats in [-1, 1] (VAE range) → RGB bytes, clamped and rounded.</summary>
    public static RgbImage FromSignedPlanar(ReadOnlySpan<float> chw, int width, int height)
    {
        var image = new RgbImage(width, height);
        var plane = width * height;
        var dst = image.Pixels;
        for (var c = 0; c < 3; c++)
        {
            var channel = chw.Slice(c * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                var v = (channel[p] * 0.5f) + 0.5f;
                dst[(p * 3) + c] = ToByte(v);
            }
        }

        return image;
    }

    /// <summary>Planar CHW floats in [0, 1] (upscaler range) → RGB bytes.</summary>
    public static void FromUnitPlanar(ReadOnlySpan<float> chw, int width, int height, RgbImage target, int left, int top, int copyLeft, int copyTop, int copyWidth, int copyHeight)
    {
        var plane = width * height;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < copyHeight; y++)
            {
                var srcRow = c * plane + ((copyTop + y) * width) + copyLeft;
                var dstRow = (((top + y) * target.Width) + left) * 3 + c;
                for (var x = 0; x < copyWidth; x++)
                    target.Pixels[dstRow + (x * 3)] = ToByte(chw[srcRow + x]);
            }
        }
    }

    /// <summary>RGB bytes → planar CHW floats in [-1, 1].</summary>
    public static void ToSignedPlanar(RgbImage image, Span<float> chw)
    {
        var plane = image.Width * image.Height;
        var src = image.Pixels;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                chw[(c * plane) + p] = (src[(p * 3) + c] / 127.5f) - 1f;
        }
    }

    private static byte ToByte(float unit) => (byte)Math.Clamp(MathF.Round(unit * 255f), 0f, 255f);
}
