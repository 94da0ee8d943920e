using System.Text;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// Port of Python's <c>html.unescape</c> (HTML5 named and numeric character references, including the
/// legacy names accepted without ';' and the spec's numeric remapping). <see cref="System.Net.WebUtility.HtmlDecode(string)"/>
/// only knows the HTML4 names and differs on numeric edge cases, so it is not used.
/// </summary>
internal static class PythonHtmlUnescape
{
    public static string Unescape(string text)
    {
        var amp = text.IndexOf('&');
        if (amp < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, amp);
        var i = amp;
        while (i < text.Length)
        {
            if (text[i] != '&')
            {
                var next = text.IndexOf('&', i);
                var end = next < 0 ? text.Length : next;
                sb.Append(text, i, end - i);
                i = end;
                continue;
            }

            var consumed = TryReplaceReference(text, i, sb);
            if (consumed == 0)
            {
                sb.Append('&');
                i++;
            }
            else
            {
                i += consumed;
            }
        }

        return sb.ToString();
    }

    /// <summary>Replaces the reference starting at the '&amp;' at <paramref name="start"/>; returns chars consumed, 0 when none matches.</summary>
    private static int TryReplaceReference(string text, int start, StringBuilder sb)
    {
        var p = start + 1;
        if (p < text.Length && text[p] == '#')
        {
            return TryReplaceNumeric(text, start, sb);
        }

        // Name: 1..32 code points that are not \t \n \f space < & # ; then an optional ';'.
        var nameEnd = p;
        var codePoints = 0;
        while (nameEnd < text.Length && codePoints < Html5EntityTable.MaxNameLength && IsNameChar(text[nameEnd]))
        {
            nameEnd += char.IsHighSurrogate(text[nameEnd]) && nameEnd + 1 < text.Length && char.IsLowSurrogate(text[nameEnd + 1]) ? 2 : 1;
            codePoints++;
        }

        if (codePoints == 0)
        {
            return 0;
        }

        if (nameEnd < text.Length && text[nameEnd] == ';')
        {
            nameEnd++;
        }

        var name = text.AsSpan(p, nameEnd - p);
        if (Html5EntityTable.TryGetNamed(name, out var replacement))
        {
            sb.Append(replacement);
            return nameEnd - start;
        }

        // Longest prefix (at least two characters) that is a legacy entity accepted without ';'.
        for (var length = name.Length - 1; length > 1; length--)
        {
            if (Html5EntityTable.TryGetNamed(name[..length], out replacement))
            {
                sb.Append(replacement).Append(name[length..]);
                return nameEnd - start;
            }
        }

        sb.Append('&').Append(name);
        return nameEnd - start;
    }

    private static int TryReplaceNumeric(string text, int start, StringBuilder sb)
    {
        var p = start + 2;
        var hex = p < text.Length && (text[p] == 'x' || text[p] == 'X');
        if (hex)
        {
            p++;
        }

        var digitsStart = p;
        while (p < text.Length && (hex ? char.IsAsciiHexDigit(text[p]) : char.IsAsciiDigit(text[p])))
        {
            p++;
        }

        if (p == digitsStart)
        {
            return 0;
        }

        var digits = text.AsSpan(digitsStart, p - digitsStart);
        if (p < text.Length && text[p] == ';')
        {
            p++;
        }

        sb.Append(DecodeNumber(digits, hex));
        return p - start;
    }

    private static string DecodeNumber(ReadOnlySpan<char> digits, bool hex)
    {
        // Anything above 0x10FFFF becomes U+FFFD, so saturate instead of overflowing.
        long value = 0;
        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            value = value * (hex ? 16 : 10) + d;
            if (value > 0x10FFFF)
            {
                value = 0x110000;
            }
        }

        var codePoint = (int)value;
        if (Html5EntityTable.TryGetRemappedNumeric(codePoint, out var remapped))
        {
            return remapped;
        }

        if (codePoint is >= 0xD800 and <= 0xDFFF || codePoint > 0x10FFFF)
        {
            return "\uFFFD";
        }

        return Html5EntityTable.IsDropped(codePoint) ? string.Empty : char.ConvertFromUtf32(codePoint);
    }

    private static bool IsNameChar(char c) => c is not ('\t' or '\n' or '\f' or ' ' or '<' or '&' or '#' or ';');
}
