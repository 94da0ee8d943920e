namespace DiffusionBot.Diffusion.Imaging;

/// <summary>
/// Lays 2–4 equally sized images out two per row (2 → 2×1, 3–4 → 2×2; an unused cell stays black). The one place the
/// grid is made: the CLI's NAME-grid.png and the bot's posted grid both come from <see cref="ComposePng"/>.
/// </summary>
public static class ImageGrid
{
    /// <summary>The grid of several PNGs, as a PNG that carries the first image's generation parameters (as
    /// AUTOMATIC1111's grids do).</summary>
    public static byte[] ComposePng(IReadOnlyList<byte[]> pngs)
    {
        ArgumentNullException.ThrowIfNull(pngs);
        var grid = PngCodec.Encode(Compose([.. pngs.Select(png => PngCodec.Decode(png))]));
        return PngTextChunks.ReadText(pngs[0], PngTextChunks.ParametersKeyword) is { } parameters
            ? PngTextChunks.WithText(grid, PngTextChunks.ParametersKeyword, parameters)
            : grid;
    }

    public static RgbImage Compose(IReadOnlyList<RgbImage> images)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images.Count, 1);
        var cellWidth = images[0].Width;
        var cellHeight = images[0].Height;
        var columns = Math.Min(2, images.Count);
        var rows = (images.Count + 1) / 2;
        var grid = new RgbImage(columns * cellWidth, rows * cellHeight);
        for (var index = 0; index < images.Count; index++)
        {
            var image = images[index];
            if (image.Width != cellWidth || image.Height != cellHeight)
                throw new ArgumentException("All grid images must have the same size.", nameof(images));
            var left = index % 2 * cellWidth;
            var top = index / 2 * cellHeight;
            for (var y = 0; y < cellHeight; y++)
            {
                image.Pixels.AsSpan(y * cellWidth * 3, cellWidth * 3)
                    .CopyTo(grid.Pixels.AsSpan((((top + y) * grid.Width) + left) * 3));
            }
        }

        return grid;
    }
}
