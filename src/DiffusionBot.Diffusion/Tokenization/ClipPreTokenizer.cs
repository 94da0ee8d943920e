using System.Globalization;
using System.Text;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// CLIP's split pattern
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c> (IGNORECASE),
/// hand-coded over Unicode code points. .NET's Regex classifies UTF-16 code units, so letters and digits outside the
/// BMP (CJK Extension B, mathematical alphanumerics) would split differently from Python's <c>regex</c> module.
/// A single forward scan with no backtracking is also cheaper than a regex match loop.
/// </summary>
internal static class ClipPreTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Kind of piece found by <see cref="Split"/>.</summary>
    public enum PieceKind
    {
        Text,
        StartOfText,
        EndOfText,
    }

    public readonly record struct Piece(int Start, int Length, PieceKind Kind);

    /// <summary>Splits already-normalised text into pieces, in order.</summary>
    public static List<Piece> Split(string text)
    {
        var pieces = new List<Piece>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '<')
            {
                // CLIP only maps the exact spelling to the special id (its BPE cache is keyed by it);
                // a case-folded variant matched by IGNORECASE is byte-pair encoded like any other piece.
                if (MatchesIgnoreCase(text, i, StartOfText))
                {
                    pieces.Add(new Piece(i, StartOfText.Length, IsExactly(text, i, StartOfText) ? PieceKind.StartOfText : PieceKind.Text));
                    i += StartOfText.Length;
                    continue;
                }

                if (MatchesIgnoreCase(text, i, EndOfText))
                {
                    pieces.Add(new Piece(i, EndOfText.Length, IsExactly(text, i, EndOfText) ? PieceKind.EndOfText : PieceKind.Text));
                    i += EndOfText.Length;
                    continue;
                }
            }

            if (text[i] == '\'' && ContractionLength(text, i) is var contraction and > 0)
            {
                pieces.Add(new Piece(i, contraction, PieceKind.Text));
                i += contraction;
                continue;
            }

            var kind = Classify(text, i, out var width);
            switch (kind)
            {
                case CharClass.Space:
                    i += width;
                    break;
                case CharClass.Number:
                    pieces.Add(new Piece(i, width, PieceKind.Text));
                    i += width;
                    break;
                default:
                    var end = i + width;
                    while (end < text.Length && Classify(text, end, out var w) == kind)
                    {
                        end += w;
                    }

                    pieces.Add(new Piece(i, end - i, PieceKind.Text));
                    i = end;
                    break;
            }
        }

        return pieces;
    }

    private enum CharClass
    {
        Space,
        Letter,
        Number,
        Other,
    }

    private static CharClass Classify(string text, int index, out int width)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out width) != System.Buffers.OperationStatus.Done)
        {
            return CharClass.Other; // lone surrogate
        }

        if (ClipTextNormalizer.IsRegexWhiteSpace(rune.Value))
        {
            return CharClass.Space;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharClass.Number,
            _ => CharClass.Other,
        };
    }

    /// <summary>Length of <c>'s|'t|'re|'ve|'m|'ll|'d</c> at <paramref name="i"/> (case-insensitive), else 0.</summary>
    private static int ContractionLength(string text, int i)
    {
        if (i + 1 >= text.Length)
        {
            return 0;
        }

        var first = FoldAscii(text[i + 1]);
        if (first is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }

        if (i + 2 < text.Length)
        {
            var second = FoldAscii(text[i + 2]);
            if ((first, second) is ('r', 'e') or ('v', 'e') or ('l', 'l'))
            {
                return 3;
            }
        }

        return 0;
    }

    private static bool IsExactly(string text, int start, string literal) =>
        string.CompareOrdinal(text, start, literal, 0, literal.Length) == 0;

    private static bool MatchesIgnoreCase(string text, int start, string literal)
    {
        if (start + literal.Length > text.Length)
        {
            return false;
        }

        for (var k = 0; k < literal.Length; k++)
        {
            if (FoldAscii(text[start + k]) != literal[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Simple case folding restricted to what the pattern's literals need (ASCII, plus long s ſ ≡ s).</summary>
    private static char FoldAscii(char c) => c == '\u017F' ? 's' : char.ToLowerInvariant(c) is var l && l < 0x80 ? l : c;
}
