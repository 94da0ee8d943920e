// TEMPORARY stand-in for the tokenizer branch; deleted when it is merged.
using System.Text.Json;

namespace DiffusionBot.Diffusion.Tokenization;

public sealed record TokenizedPrompt(int[] Ids, int TokenCount, bool WasTruncated, string TruncatedText);

public sealed class ClipTokenizer
{
    private readonly Dictionary<string, int> _vocab;

    private ClipTokenizer(Dictionary<string, int> vocab) => _vocab = vocab;

    public static ClipTokenizer FromDiffusersFolder(string dir) =>
        new(JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(dir, "vocab.json")))!);

    public TokenizedPrompt Encode(string text)
    {
        var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[77];
        var bos = _vocab.GetValueOrDefault("<|startoftext|>", 49406);
        var eos = _vocab.GetValueOrDefault("<|endoftext|>", 49407);
        ids[0] = bos;
        var n = Math.Min(words.Length, 75);
        for (var i = 0; i < n; i++) ids[i + 1] = _vocab.GetValueOrDefault(words[i] + "</w>", 0);
        for (var i = n + 1; i < 77; i++) ids[i] = eos;
        return new TokenizedPrompt(ids, words.Length, words.Length > 75, string.Join(' ', words.Skip(75)));
    }
}
