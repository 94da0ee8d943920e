using Xunit;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Tokenization;

/// <summary>Expected values were produced with Python 3.11's html.unescape / str.lower.</summary>
public sealed class ClipTextNormalizerTests
{
    [Theory]
    [InlineData("&amp;", "&")]
    [InlineData("&ampx", "&x")]
    [InlineData("&#x41;", "A")]
    [InlineData("&#65", "A")]
    [InlineData("&#128;", "\u20AC")]
    [InlineData("&#0;", "\uFFFD")]
    [InlineData("&notit;", "\u00ACit;")]
    [InlineData("&foo;", "&foo;")]
    [InlineData("&#;", "&#;")]
    [InlineData("&#x;", "&#x;")]
    [InlineData("a & b", "a & b")]
    [InlineData("&&amp;", "&&")]
    [InlineData("&CounterClockwiseContourIntegral;", "\u2233")]
    [InlineData("&nbsp;x", "\u00A0x")]
    [InlineData("&#X1F600;", "\U0001F600")]
    [InlineData("&#x110000;", "\uFFFD")]
    [InlineData("&#13;", "\r")]
    [InlineData("&#1;", "")]
    [InlineData("&amp;amp;", "&amp;")]
    [InlineData("&LT", "<")]
    [InlineData("&ltx", "<x")]
    [InlineData("no entities", "no entities")]
    public void Unescape_Reference_MatchesPythonHtmlUnescape(string input, string expected)
    {
        Assert.Equal(expected, PythonHtmlUnescape.Unescape(input));
    }

    [Theory]
    [InlineData("  A  B\t\nC  ", "a b c")]
    [InlineData("&amp;amp;", "&")]
    [InlineData("\u001Cx\u001F", "x")]
    [InlineData("a\u00A0\u3000b", "a b")]
    [InlineData("\u0130", "i\u0307")]
    [InlineData("\u039F\u0394\u039F\u03A3 \u03A3 \u0391\u03A3\u0391", "\u03BF\u03B4\u03BF\u03C2 \u03C3 \u03B1\u03C3\u03B1")]
    [InlineData("\U00010400", "\U00010428")]
    [InlineData("\u216B\u03A3", "\u217B\u03C2")]
    [InlineData("A\u00B7\u03A3", "a\u00B7\u03C2")]
    [InlineData("A\u24B6\u03A3 x", "a\u24D0\u03C2 x")]
    [InlineData("\u00AA\u03A3", "\u00AA\u03C2")]
    public void Normalize_Reference_MatchesCleanThenPythonLower(string input, string expected)
    {
        Assert.Equal(expected, ClipTextNormalizer.Normalize(input));
    }

    [Fact]
    public void Html5EntityTable_Generated_HasAllNamedReferences()
    {
        Assert.Equal(2231, Html5EntityTable.NamedCount);
        Assert.True(Html5EntityTable.TryGetNamed("NewLine;", out var newLine));
        Assert.Equal("\n", newLine);
        Assert.True(Html5EntityTable.TryGetNamed("bne;", out var twoChars));
        Assert.Equal("=\u20E5", twoChars);
    }

    [Fact]
    public void Split_SupplementaryLetters_StayInOneLetterRun()
    {
        const string text = "\U0001D400\U0001D401b";

        var pieces = ClipPreTokenizer.Split(text);

        var piece = Assert.Single(pieces);
        Assert.Equal(text.Length, piece.Length);
    }

    [Fact]
    public void ByteLevelAlphabet_AllBytes_MapToDistinctCharsThatMapBack()
    {
        Assert.Equal(256, ByteLevelAlphabet.ByteToChar.Distinct().Count());
        for (var b = 0; b < 256; b++)
        {
            Assert.True(ByteLevelAlphabet.TryGetByte(ByteLevelAlphabet.ByteToChar[b], out var back));
            Assert.Equal(b, back);
        }

        Assert.Equal('!', ByteLevelAlphabet.VocabularyOrder[0]);
        Assert.Equal('\u0100', ByteLevelAlphabet.ByteToChar[0]);
        Assert.Equal('\u0143', ByteLevelAlphabet.ByteToChar[0xAD]);
    }
}
