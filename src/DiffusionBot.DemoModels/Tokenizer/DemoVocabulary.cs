using System.Text;
using System.Text.RegularExpressions;

namespace DiffusionBot.DemoModels.Tokenizer;

/// <summary>
/// A tiny CLIP-format BPE vocabulary: the 256 byte symbols, the same with "&lt;/w&gt;", the tokens built by the
/// merges, then &lt;|startoftext|&gt; and &lt;|endoftext|&gt;. The merges are chosen so that each listed word
/// becomes exactly one token "word&lt;/w&gt;"; every other word falls apart into smaller tokens.
/// </summary>
internal sealed partial class DemoVocabulary
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";
    public const string EndOfWord = "</w>";

    private readonly List<string> _tokens = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<(string Left, string Right)> _merges = [];
    private readonly Dictionary<(string, string), int> _ranks = [];

    private DemoVocabulary()
    {
    }

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Merges by rank (first = applied first).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => _merges;

    public int StartOfTextId => _ids[StartOfText];

    public int EndOfTextId => _ids[EndOfText];

    public static DemoVocabulary Create(IEnumerable<string> wholeWords)
    {
        var vocabulary = new DemoVocabulary();
        foreach (var symbol in ByteLevelUnicode.Symbols)
        {
            vocabulary.AddToken(symbol.ToString());
        }

        foreach (var symbol in ByteLevelUnicode.Symbols)
        {
            vocabulary.AddToken(symbol + EndOfWord);
        }

        foreach (var word in wholeWords)
        {
            var encoded = ByteLevelUnicode.Encode(Encoding.UTF8.GetBytes(word.ToLowerInvariant()));
            // A merge appended after all others only fires once no earlier merge applies, so words added
            // before keep their single-token result.
            for (var parts = vocabulary.Bpe(encoded); parts.Count > 1; parts = vocabulary.Bpe(encoded))
            {
                vocabulary._ranks.Add((parts[0], parts[1]), vocabulary._merges.Count);
                vocabulary._merges.Add((parts[0], parts[1]));
                vocabulary.AddToken(parts[0] + parts[1]);
            }
        }

        vocabulary.AddToken(StartOfText);
        vocabulary.AddToken(EndOfText);
        return vocabulary;
    }

    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    /// <summary>Token ids of a prompt the way CLIPTokenizer splits it, without start/end tokens or padding.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        var cleaned = WhitespaceRun().Replace(text, " ").Trim().ToLowerInvariant();
        foreach (Match match in PreTokenizer().Matches(cleaned))
        {
            if (match.Value is StartOfText or EndOfText)
            {
                ids.Add(_ids[match.Value]);
                continue;
            }

            foreach (var token in Bpe(ByteLevelUnicode.Encode(Encoding.UTF8.GetBytes(match.Value))))
            {
                ids.Add(_ids[token]);
            }
        }

        return ids;
    }

    /// <summary>Byte-pair encoding of one pre-token (already in byte-level symbols).</summary>
    public IReadOnlyList<string> Bpe(string symbols)
    {
        var parts = new List<string>(symbols.Length);
        for (var i = 0; i < symbols.Length; i++)
        {
            parts.Add(i == symbols.Length - 1 ? symbols[i] + EndOfWord : symbols[i].ToString());
        }

        while (parts.Count > 1)
        {
            (string, string)? best = null;
            var bestRank = int.MaxValue;
            for (var i = 0; i < parts.Count - 1; i++)
            {
                if (_ranks.TryGetValue((parts[i], parts[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = (parts[i], parts[i + 1]);
                }
            }

            if (best is not var (left, right))
            {
                break;
            }

            var merged = new List<string>(parts.Count);
            for (var i = 0; i < parts.Count; i++)
            {
                if (i < parts.Count - 1 && parts[i] == left && parts[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else
                {
                    merged.Add(parts[i]);
                }
            }

            parts = merged;
        }

        return parts;
    }

    private void AddToken(string token)
    {
        if (_ids.TryAdd(token, _tokens.Count))
        {
            _tokens.Add(token);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex PreTokenizer();
}
