using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DiffusionBot.Core.Commands;

/// <summary>An image size written "WIDTHxHEIGHT"; sides 64..2048 and divisible by 8 (the latent space is 1/8).</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";

    public static bool TryParse([NotNullWhen(true)] string? text, out ImageSize size)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('x', 'X', '×');
        if (parts.Length != 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)) return false;
        if (!IsSide(w) || !IsSide(h)) return false;
        size = new ImageSize(w, h);
        return true;
    }

    private static bool IsSide(int side) => side is >= 64 and <= 2048 && side % 8 == 0;
}
