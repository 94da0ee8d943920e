using System.Text;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// Vocabulary and merge ranks of a CLIP byte-level BPE, and the BPE itself on vocabulary ids.
/// Immutable after construction (plain dictionaries, only read after the constructor: safe for concurrent readers;
/// they build several times faster than frozen ones for the 49k-entry vocabulary).
/// </summary>
internal sealed class ClipBpeModel
{
    public const string EndOfWord = "</w>";

    private readonly Dictionary<long, Merge> _merges;
    private readonly Dictionary<int, string> _decoder;
    private readonly int[] _charIds;
    private readonly int[] _endOfWordCharIds;

    /// <param name="encoder">Symbol → id.</param>
    /// <param name="merges">Merge pairs in priority order (a later duplicate overrides an earlier one, as in CLIP).</param>
    /// <param name="sourceFile">File named in load errors.</param>
    public ClipBpeModel(IReadOnlyDictionary<string, int> encoder, IReadOnlyList<(string First, string Second)> merges, string sourceFile)
    {
        Encoder = new Dictionary<string, int>(encoder, StringComparer.Ordinal);
        var decoder = new Dictionary<int, string>(encoder.Count);
        foreach (var (symbol, id) in encoder)
        {
            decoder[id] = symbol;
        }

        _decoder = decoder;
        _charIds = new int[ByteLevelAlphabet.MaxChar + 1];
        _endOfWordCharIds = new int[ByteLevelAlphabet.MaxChar + 1];
        foreach (var c in ByteLevelAlphabet.ByteToChar)
        {
            _charIds[c] = RequireSymbol(c.ToString(), sourceFile);
            _endOfWordCharIds[c] = RequireSymbol(c + EndOfWord, sourceFile);
        }

        var table = new Dictionary<long, Merge>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (first, second) = merges[rank];
            if (!Encoder.TryGetValue(first, out var firstId) || !Encoder.TryGetValue(second, out var secondId))
            {
                continue; // a part that is not a symbol can never be formed, so this merge can never apply
            }

            var merged = first + second;
            if (!Encoder.TryGetValue(merged, out var mergedId))
            {
                throw new TokenizerLoadException(sourceFile, $"merge '{first} {second}' produces '{merged}', which is not in the vocabulary.");
            }

            table[Key(firstId, secondId)] = new Merge(rank, mergedId);
        }

        _merges = table;
    }

    public IReadOnlyDictionary<string, int> Encoder { get; }

    /// <summary>BPE of one byte-level encoded piece (every char is in the byte alphabet); returns vocabulary ids.</summary>
    public int[] Encode(ReadOnlySpan<char> byteLevelPiece)
    {
        if (byteLevelPiece.IsEmpty)
        {
            return [];
        }

        var word = new int[byteLevelPiece.Length];
        var count = word.Length;
        for (var k = 0; k < count - 1; k++)
        {
            word[k] = _charIds[byteLevelPiece[k]];
        }

        word[count - 1] = _endOfWordCharIds[byteLevelPiece[^1]];

        while (count > 1)
        {
            // The lowest-ranked adjacent pair present in the word...
            var best = new Merge(int.MaxValue, -1);
            var bestKey = 0L;
            for (var k = 0; k < count - 1; k++)
            {
                var key = Key(word[k], word[k + 1]);
                if (_merges.TryGetValue(key, out var merge) && merge.Rank < best.Rank)
                {
                    best = merge;
                    bestKey = key;
                }
            }

            if (best.MergedId < 0)
            {
                break;
            }

            // ...is merged at every non-overlapping occurrence, left to right (in place: write index <= read index).
            var (first, second) = ((int)(bestKey >> 32), (int)(bestKey & 0xFFFFFFFF));
            var write = 0;
            var read = 0;
            while (read < count)
            {
                if (read < count - 1 && word[read] == first && word[read + 1] == second)
                {
                    word[write++] = best.MergedId;
                    read += 2;
                }
                else
                {
                    word[write++] = word[read++];
                }
            }

            count = write;
        }

        return word.AsSpan(0, count).ToArray();
    }

    /// <summary>CLIP's decode: symbols → bytes → UTF-8 (invalid sequences become U+FFFD), "&lt;/w&gt;" → space.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var id in ids)
        {
            if (!_decoder.TryGetValue(id, out var symbol))
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, "Token id is not in the vocabulary.");
            }

            foreach (var c in symbol)
            {
                if (ByteLevelAlphabet.TryGetByte(c, out var b))
                {
                    bytes.Add(b);
                }
                else
                {
                    // Not produced by a well-formed byte-level vocabulary; keep the character itself.
                    var n = Encoding.UTF8.GetBytes([c], utf8);
                    bytes.AddRange(utf8[..n]);
                }
            }
        }

        return Encoding.UTF8.GetString([.. bytes]).Replace(EndOfWord, " ", StringComparison.Ordinal);
    }

    private int RequireSymbol(string symbol, string sourceFile) =>
        Encoder.TryGetValue(symbol, out var id)
            ? id
            : throw new TokenizerLoadException(sourceFile, $"the byte-level symbol '{symbol}' (U+{(int)symbol[0]:X4}) is missing from the vocabulary; all 512 byte symbols (with and without '</w>') are required.");

    private static long Key(int first, int second) => ((long)first << 32) | (uint)second;

    private readonly record struct Merge(int Rank, int MergedId);
}
