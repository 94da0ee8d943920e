using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Diffusion.Tests.Support;

internal static class Pixels
{
    public static RgbImage Decode(byte[] png) => PngCodec.Decode(png);

    /// <summary>Largest per-channel difference between any pixel and <paramref name="expected"/>.</summary>
    public static int MaxDeviation(RgbImage image, (byte R, byte G, byte B) expected)
    {
        var max = 0;
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            max = Math.Max(max, Math.Abs(image.Pixels[i] - expected.R));
            max = Math.Max(max, Math.Abs(image.Pixels[i + 1] - expected.G));
            max = Math.Max(max, Math.Abs(image.Pixels[i + 2] - expected.B));
        }

        return max;
    }

    /// <summary>Mean of each channel over the whole image (0–255).</summary>
    public static (double R, double G, double B) MeanColor(RgbImage image)
    {
        double r = 0, g = 0, b = 0;
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            r += image.Pixels[i];
            g += image.Pixels[i + 1];
            b += image.Pixels[i + 2];
        }

        var n = image.Width * image.Height;
        return (r / n, g / n, b / n);
    }

    public static void AssertUniform(byte[] png, (byte R, byte G, byte B) expected, int tolerance)
    {
        var image = Decode(png);
        var deviation = MaxDeviation(image, expected);
        Assert.True(deviation <= tolerance,
            $"Expected every pixel within {tolerance} of {expected}, but the largest deviation is {deviation} (pixel 0 is {image[0, 0]}).");
    }
}
