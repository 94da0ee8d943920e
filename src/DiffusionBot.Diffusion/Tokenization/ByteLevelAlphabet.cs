namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// GPT-2/CLIP <c>bytes_to_unicode</c>: every byte maps to one printable character. Printable Latin-1 bytes
/// map to themselves; the other 68 bytes map to U+0100 onwards in byte order.
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>Highest alphabet character (U+0143).</summary>
    public const char MaxChar = '\u0143';

    /// <summary>Character for each byte value.</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>The 256 characters in CLIP's vocabulary order (printable bytes first, then the remapped ones).</summary>
    public static readonly char[] VocabularyOrder = BuildVocabularyOrder();

    /// <summary>Byte for each alphabet character, -1 elsewhere (indexed by char, alphabet ends below U+0144).</summary>
    private static readonly short[] CharToByte = BuildCharToByte();

    public static bool TryGetByte(char c, out byte value)
    {
        var b = c < CharToByte.Length ? CharToByte[c] : (short)-1;
        value = (byte)Math.Max(b, (short)0);
        return b >= 0;
    }

    private static bool IsPrintable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            map[b] = IsPrintable(b) ? (char)b : (char)next++;
        }

        return map;
    }

    private static char[] BuildVocabularyOrder()
    {
        var printable = Enumerable.Range(0, 256).Where(IsPrintable);
        var remapped = Enumerable.Range(0, 256).Where(b => !IsPrintable(b));
        return [.. printable.Concat(remapped).Select(b => ByteToChar[b])];
    }

    private static short[] BuildCharToByte()
    {
        var table = new short[512];
        Array.Fill(table, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            table[ByteToChar[b]] = (short)b;
        }

        return table;
    }
}
