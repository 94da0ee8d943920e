namespace DiffusionBot.Diffusion.Imaging;

/// <summary>An 8-bit RGB image, rows top to bottom, 3 bytes per pixel.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}×{height} RGB, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public RgbImage(int width, int height) : this(width, height, new byte[width * height * 3]) { }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>The largest centred part with the aspect ratio <paramref name="aspectWidth"/>:<paramref name="aspectHeight"/>
    /// (this image when it already has it): the long side trimmed equally at both ends.</summary>
    public RgbImage CropCenterToAspect(int aspectWidth, int aspectHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(aspectWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(aspectHeight);
        var keepWidth = (int)Math.Min(Width, Math.Max(1, Math.Round((double)Height * aspectWidth / aspectHeight)));
        var keepHeight = (int)Math.Min(Height, Math.Max(1, Math.Round((double)Width * aspectHeight / aspectWidth)));
        if (keepWidth == Width && keepHeight == Height)
            return this;
        var left = (Width - keepWidth) / 2;
        var top = (Height - keepHeight) / 2;
        var cropped = new RgbImage(keepWidth, keepHeight);
        for (var y = 0; y < keepHeight; y++)
            Array.Copy(Pixels, (((top + y) * Width) + left) * 3, cropped.Pixels, y * keepWidth * 3, keepWidth * 3);
        return cropped;
    }
}
