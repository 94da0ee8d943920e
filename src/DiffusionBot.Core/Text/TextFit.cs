using System.Globalization;
using System.Text;

namespace DiffusionBot.Core.Text;

/// <summary>Fits text built for members into a length limit: cut with "…", or a list shortened with a visible "…and N more".</summary>
public static class TextFit
{
    public const string Ellipsis = "…";

    /// <summary>The text itself when it fits, else its start and "…" in exactly <paramref name="max"/> units (a surrogate pair is never split).</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (text.Length <= max) return text;
        if (max < Ellipsis.Length) return "";
        var keep = max - Ellipsis.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep] + Ellipsis;
    }

    /// <summary>A member's input repeated in a message: on one line and at most <see cref="MessageLimits.EchoedInput"/> long.</summary>
    public static string Echo(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Truncate(input.ReplaceLineEndings(" "), MessageLimits.EchoedInput);
    }

    /// <summary>"…and N more".</summary>
    public static string More(int count) => string.Create(CultureInfo.InvariantCulture, $"{Ellipsis}and {count} more");

    /// <summary>
    /// <paramref name="prefix"/> then as many <paramref name="items"/> as fit in <paramref name="max"/>, in order, joined by
    /// <paramref name="separator"/>; the items left out are counted in a final "…and N more". Never longer than <paramref name="max"/>.
    /// </summary>
    public static string Join(string prefix, IReadOnlyList<string> items, string separator, int max)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(separator);
        var text = new StringBuilder(prefix);
        for (var i = 0; i < items.Count; i++)
        {
            var piece = (i == 0 ? "" : separator) + items[i];
            var after = items.Count - i - 1;
            var reserve = after > 0 ? separator.Length + More(after).Length : 0;
            if (text.Length + piece.Length + reserve <= max)
            {
                text.Append(piece);
                continue;
            }
            text.Append(i == 0 ? "" : separator).Append(More(items.Count - i));
            break;
        }
        return Truncate(text.ToString(), max);
    }

    /// <summary>One item per line under an optional heading, shortened like <see cref="Join"/>.</summary>
    public static string Lines(string? heading, IReadOnlyList<string> lines, int max) =>
        Join(string.IsNullOrEmpty(heading) ? "" : heading + "\n", lines, "\n", max);
}
