namespace DiffusionBot.DemoModels.Tokenizer;

/// <summary>
/// GPT-2/CLIP byte-level BPE alphabet: every byte maps to one printable unicode character. Printable Latin-1
/// bytes map to themselves; the rest map to U+0100 upwards, in byte order.
/// </summary>
internal static class ByteLevelUnicode
{
    private static readonly char[] ByteToChar = new char[256];
    private static readonly List<char> VocabularyOrder = [];

    static ByteLevelUnicode()
    {
        var printable = new List<int>();
        printable.AddRange(Enumerable.Range('!', '~' - '!' + 1));
        printable.AddRange(Enumerable.Range('¡', '¬' - '¡' + 1));
        printable.AddRange(Enumerable.Range('®', 'ÿ' - '®' + 1));
        foreach (var b in printable)
        {
            ByteToChar[b] = (char)b;
            VocabularyOrder.Add((char)b);
        }

        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            if (!printable.Contains(b))
            {
                ByteToChar[b] = (char)next++;
                VocabularyOrder.Add(ByteToChar[b]);
            }
        }
    }

    /// <summary>The 256 symbols in the order CLIP's vocabulary lists them (ids 0..255).</summary>
    public static IReadOnlyList<char> Symbols => VocabularyOrder;

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }
}
