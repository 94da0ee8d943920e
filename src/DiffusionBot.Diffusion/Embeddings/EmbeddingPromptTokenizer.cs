using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// Tokenizes a prompt like <see cref="ClipTokenizer.Encode"/>, except that each embedding trigger word becomes the
/// embedding's own ids (one per vector) instead of its BPE tokens.
/// </summary>
internal sealed class EmbeddingPromptTokenizer(ClipTokenizer tokenizer, TextualInversionSet embeddings)
{
    public TokenizedPrompt Encode(string text)
    {
        var content = new List<int>();
        var position = 0;
        foreach (var match in embeddings.FindTriggers(text))
        {
            content.AddRange(tokenizer.Tokenize(text[position..match.Index]));
            embeddings.TryGetIds(match.Value, out var ids);
            content.AddRange(ids);
            position = match.Index + match.Length;
        }

        content.AddRange(tokenizer.Tokenize(text[position..]));
        var kept = Math.Min(content.Count, tokenizer.MaxContentTokens);
        var result = new int[tokenizer.ModelMaxLength];
        result[0] = tokenizer.BosTokenId;
        content.CopyTo(0, result, 1, kept);
        result[kept + 1] = tokenizer.EosTokenId;
        Array.Fill(result, tokenizer.PadTokenId, kept + 2, tokenizer.ModelMaxLength - kept - 2);
        var truncated = content.Count > kept;
        return new TokenizedPrompt(result, content.Count, truncated, truncated ? Decode(content, kept).Trim() : string.Empty);
    }

    /// <summary>The cut-off part as text, with embedding ids written as their trigger word.</summary>
    private string Decode(List<int> content, int from)
    {
        var parts = new List<string>();
        var run = new List<int>();
        for (var i = from; i < content.Count; i++)
        {
            if (content[i] < embeddings.BaseVocabulary || embeddings.BaseVocabulary == 0)
            {
                run.Add(content[i]);
                continue;
            }

            if (run.Count > 0)
                parts.Add(tokenizer.Decode(run));
            run.Clear();
            var trigger = embeddings.Triggers.FirstOrDefault(t => embeddings.TryGetIds(t, out var ids) && ids.Contains(content[i]));
            if (trigger is not null && (i == from || !embeddings.TryGetIds(trigger, out var previous) || !previous.Contains(content[i - 1])))
                parts.Add(trigger + " ");
        }

        if (run.Count > 0)
            parts.Add(tokenizer.Decode(run));
        return string.Concat(parts);
    }
}
