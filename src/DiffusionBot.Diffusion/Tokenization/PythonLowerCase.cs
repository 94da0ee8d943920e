using System.Globalization;
using System.Text;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// Python's <c>str.lower()</c>: full Unicode lower-casing, which differs from simple mapping for U+0130 (→ "i̇")
/// and for capital sigma at the end of a word (→ ς).
/// </summary>
internal static class PythonLowerCase
{
    public static string ToLower(string text)
    {
        var sb = new StringBuilder(text.Length);
        Span<char> buffer = stackalloc char[2];
        var i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            if (consumed == 1 && char.IsSurrogate(text[i]))
            {
                sb.Append(text[i]);
            }
            else if (rune.Value == 0x130)
            {
                sb.Append("i\u0307");
            }
            else if (rune.Value == 0x3A3)
            {
                sb.Append(IsFinalSigma(text, i) ? 'ς' : 'σ');
            }
            else
            {
                var lower = Rune.ToLowerInvariant(rune);
                sb.Append(buffer[..lower.EncodeToUtf16(buffer)]);
            }

            i += consumed;
        }

        return sb.ToString();
    }

    /// <summary>Unicode Final_Sigma: preceded by a cased letter and not followed by one (case-ignorables skipped).</summary>
    private static bool IsFinalSigma(string text, int index)
    {
        var before = index;
        var precededByCased = false;
        while (before > 0)
        {
            var rune = RuneBefore(text, ref before);
            if (!IsCaseIgnorable(rune))
            {
                precededByCased = IsCased(rune);
                break;
            }
        }

        if (!precededByCased)
        {
            return false;
        }

        var after = index + 1;
        while (after < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(after), out var rune, out var consumed);
            after += consumed;
            if (!IsCaseIgnorable(rune))
            {
                return !IsCased(rune);
            }
        }

        return true;
    }

    private static Rune RuneBefore(string text, ref int index)
    {
        Rune.DecodeLastFromUtf16(text.AsSpan(0, index), out var rune, out var consumed);
        index -= consumed;
        return rune;
    }

    // The Unicode Cased and Case_Ignorable properties (no .NET API exposes them): general categories plus the
    // Other_Uppercase / Other_Lowercase code points that are not letters, and Word_Break MidLetter/MidNumLet/Single_Quote.
    private static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        || rune.Value is 0xAA or 0xBA
            or >= 0x2160 and <= 0x217F // Roman numerals
            or >= 0x24B6 and <= 0x24E9 // circled Latin letters
            or >= 0x1F130 and <= 0x1F149 or >= 0x1F150 and <= 0x1F169 or >= 0x1F170 and <= 0x1F189; // squared/negative Latin letters

    private static bool IsCaseIgnorable(Rune rune) =>
        rune.Value is '\'' or '.' or ':' or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
