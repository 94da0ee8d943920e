using System.Text;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// CLIP's text clean-up before splitting: <c>basic_clean</c> (HTML unescape twice, strip),
/// <c>whitespace_clean</c> (collapse whitespace runs to one space, strip), then Python's <c>str.lower()</c>.
/// ftfy's <c>fix_text</c>, which CLIP runs first, is deliberately not reproduced (no mojibake repair, no NFC).
/// </summary>
internal static class ClipTextNormalizer
{
    public static string Normalize(string text)
    {
        var unescaped = PythonHtmlUnescape.Unescape(PythonHtmlUnescape.Unescape(text));
        return PythonLowerCase.ToLower(CollapseWhitespace(unescaped));
    }

    /// <summary>Unicode White_Space, which is what <c>\s</c> means in the <c>regex</c> module CLIP uses.</summary>
    public static bool IsRegexWhiteSpace(int codePoint) => codePoint switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>Python's <c>str.isspace</c> (used by <c>strip()</c>): White_Space plus the separators U+001C..U+001F.</summary>
    private static bool IsPythonSpace(char c) => IsRegexWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    private static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsRegexWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && sb.Length > 0)
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(c);
        }

        // Python's strip() also removes U+001C..U+001F at both ends (they are not collapsed inside).
        var span = sb.ToString().AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && IsPythonSpace(span[start]))
        {
            start++;
        }

        while (end > start && IsPythonSpace(span[end - 1]))
        {
            end--;
        }

        return span[start..end].ToString();
    }
}
