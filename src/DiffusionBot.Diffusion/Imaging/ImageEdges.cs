namespace DiffusionBot.Diffusion.Imaging;

/// <summary>Padding and cropping at the right and bottom edges.</summary>
internal static class ImageEdges
{
    /// <summary>Extends the image to <paramref name="width"/>×<paramref name="height"/> by reflecting it at its right
    /// and bottom edges, the edge pixel itself not repeated (numpy/PyTorch "reflect"; a 1-pixel side is repeated).</summary>
    public static RgbImage ReflectPad(RgbImage image, int width, int height)
    {
        var padded = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var sy = Reflect(y, image.Height);
            for (var x = 0; x < width; x++)
            {
                var sx = Reflect(x, image.Width);
                Array.Copy(image.Pixels, ((sy * image.Width) + sx) * 3, padded.Pixels, ((y * width) + x) * 3, 3);
            }
        }

        return padded;
    }

    /// <summary>The top-left <paramref name="width"/>×<paramref name="height"/> of the image.</summary>
    public static RgbImage Crop(RgbImage image, int width, int height)
    {
        var cropped = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
            Array.Copy(image.Pixels, y * image.Width * 3, cropped.Pixels, y * width * 3, width * 3);
        return cropped;
    }

    private static int Reflect(int index, int length)
    {
        if (length == 1)
            return 0;
        var period = 2 * (length - 1);
        var i = index % period;
        return i < length ? i : period - i;
    }
}
