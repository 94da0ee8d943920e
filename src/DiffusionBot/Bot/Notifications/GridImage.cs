using DiffusionBot.Bot.Generation;
using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Bot.Notifications;

/// <summary>Lays several result PNGs out as one grid image (two per row), carrying the first image's parameters.</summary>
internal static class GridImage
{
    public static byte[] Compose(IReadOnlyList<byte[]> pngs) =>
        PngParameters.CopyParameters(pngs[0], PngCodec.Encode(ImageGrid.Compose([.. pngs.Select(p => PngCodec.Decode(p))])));
}
