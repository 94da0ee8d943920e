using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Bot.Notifications;

/// <summary>Lays several result PNGs out as one grid image (two per row).</summary>
internal static class GridImage
{
    public static byte[] Compose(IReadOnlyList<byte[]> pngs) =>
        PngCodec.Encode(ImageGrid.Compose([.. pngs.Select(p => PngCodec.Decode(p))]));
}
