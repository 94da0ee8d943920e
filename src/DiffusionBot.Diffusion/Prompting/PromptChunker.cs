using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Prompting;

/// <summary>
/// Splits a prompt into text-encoder rows as AUTOMATIC1111 does: each parsed segment is tokenized on its own;
/// tokens fill chunks of <c>length − 2</c> (75); when a chunk is full and the last comma lies within the last
/// <see cref="CommaBacktrack"/> tokens, the tokens after that comma move on to the next chunk; <c>BREAK</c> ends the
/// chunk at once (an empty one too); each chunk is wrapped in start/end tokens and padded to the model length.
/// The tokenizer decides the ids and the padding token, so SDXL's two tokenizers each chunk the same prompt alike.
/// Textual-inversion trigger words become their embedding's ids (one per vector, the segment's weight on each); an
/// embedding that does not fit in the rest of a chunk starts the next one, as in AUTOMATIC1111.
/// </summary>
public sealed class PromptChunker
{
    /// <summary>AUTOMATIC1111's default "comma padding backtrack".</summary>
    public const int CommaBacktrack = 20;

    private readonly ClipTokenizer _tokenizer;
    private readonly TextualInversionSet _embeddings;
    private readonly Dictionary<int, (string Trigger, bool IsFirst)> _embeddingIds = [];
    private readonly int? _commaId;
    private readonly int _endId;

    public PromptChunker(ClipTokenizer tokenizer)
        : this(tokenizer, TextualInversionSet.Empty)
    {
    }

    /// <param name="embeddings">Embeddings appended to the text encoder this chunker feeds.</param>
    internal PromptChunker(ClipTokenizer tokenizer, TextualInversionSet embeddings)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(embeddings);
        _tokenizer = tokenizer;
        _embeddings = embeddings;
        _endId = embeddings.EndOfTextId ?? tokenizer.EosTokenId;
        foreach (var trigger in embeddings.Triggers)
        {
            if (embeddings.TryGetIds(trigger, out var ids))
            {
                for (var i = 0; i < ids.Length; i++)
                    _embeddingIds[ids[i]] = (trigger, i == 0);
            }
        }

        var comma = tokenizer.Tokenize(",");
        _commaId = comma.Count == 1 ? comma[0] : null;
        EmptyChunk = Finish([], []);
    }

    /// <summary>Prompt tokens per chunk (75 for CLIP's 77).</summary>
    public int ChunkLength => _tokenizer.MaxContentTokens;

    /// <summary>Ids per chunk, start/end/padding included (77).</summary>
    public int ChunkSize => _tokenizer.ModelMaxLength;

    /// <summary>A chunk that only pads: what a shorter prompt is filled up with.</summary>
    public PromptChunk EmptyChunk { get; }

    public ChunkedPrompt Chunk(string prompt) => Chunk(PromptParser.Parse(prompt));

    public ChunkedPrompt Chunk(ParsedPrompt parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var chunks = new List<PromptChunk>();
        var ids = new List<int>();
        var weights = new List<float>();
        var lastComma = -1;
        foreach (var segment in parsed.Segments)
        {
            if (segment.IsBreak)
            {
                NextChunk();
                continue;
            }

            var weight = (float)segment.Weight;
            foreach (var (tokens, isEmbedding) in Pieces(segment.Text))
            {
                if (isEmbedding && ids.Count > 0 && ids.Count + tokens.Count > ChunkLength && tokens.Count <= ChunkLength)
                    NextChunk();
                foreach (var token in tokens)
                    Add(token, weight);
            }
        }

        if (ids.Count > 0 || chunks.Count == 0)
            NextChunk();
        return new ChunkedPrompt(parsed, chunks, chunks.Sum(c => c.ContentTokens));

        void Add(int token, float weight)
        {
            if (token == _commaId)
            {
                lastComma = ids.Count;
            }
            else if (ids.Count == ChunkLength && lastComma >= 0 && ids.Count - lastComma <= CommaBacktrack)
            {
                var moved = lastComma + 1;
                var movedIds = ids[moved..];
                var movedWeights = weights[moved..];
                ids.RemoveRange(moved, ids.Count - moved);
                weights.RemoveRange(moved, weights.Count - moved);
                NextChunk();
                ids.AddRange(movedIds);
                weights.AddRange(movedWeights);
            }

            if (ids.Count == ChunkLength)
                NextChunk();
            ids.Add(token);
            weights.Add(weight);
        }

        void NextChunk()
        {
            chunks.Add(Finish(ids, weights));
            ids.Clear();
            weights.Clear();
            lastComma = -1;
        }
    }

    /// <summary>Exactly <paramref name="count"/> chunks of <paramref name="prompt"/>: cut, or filled up with
    /// <see cref="EmptyChunk"/> (so a prompt and its negative have the same length).</summary>
    public IReadOnlyList<PromptChunk> Fit(ChunkedPrompt prompt, int count)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return [.. prompt.Chunks.Take(count), .. Enumerable.Repeat(EmptyChunk, Math.Max(0, count - prompt.Chunks.Count))];
    }

    /// <summary>A chunk's prompt tokens decoded back to text.</summary>
    public string TextOf(PromptChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return chunk.ContentTokens == 0 ? string.Empty : Decode(chunk.Content.ToArray()).Trim();
    }

    /// <summary>The text of the chunks from <paramref name="keep"/> on, decoded back (what a cut would lose).</summary>
    public string TextBeyond(ChunkedPrompt prompt, int keep)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var dropped = prompt.Chunks.Skip(keep).SelectMany(c => c.Content.ToArray()).ToList();
        return dropped.Count == 0 ? string.Empty : Decode(dropped).Trim();
    }

    /// <summary>A text's tokens, split where trigger words stand: each piece is either BPE tokens or one embedding's ids.</summary>
    private IEnumerable<(IReadOnlyList<int> Tokens, bool IsEmbedding)> Pieces(string text)
    {
        var position = 0;
        foreach (var match in _embeddings.FindTriggers(text))
        {
            if (match.Index > position)
                yield return (_tokenizer.Tokenize(text[position..match.Index]), false);
            if (_embeddings.TryGetIds(match.Value, out var ids))
                yield return (ids, true);
            position = match.Index + match.Length;
        }

        if (position < text.Length || position == 0)
            yield return (_tokenizer.Tokenize(text[position..]), false);
    }

    /// <summary>Ids back to text, an embedding's ids written once as its trigger word.</summary>
    private string Decode(IReadOnlyList<int> ids)
    {
        if (_embeddingIds.Count == 0)
            return _tokenizer.Decode(ids);
        var parts = new List<string>();
        var plain = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!_embeddingIds.TryGetValue(ids[i], out var embedding))
            {
                plain.Add(ids[i]);
                continue;
            }

            if (plain.Count > 0)
                parts.Add(_tokenizer.Decode(plain));
            plain.Clear();
            if (embedding.IsFirst || i == 0)
                parts.Add(" " + embedding.Trigger + " ");
        }

        if (plain.Count > 0)
            parts.Add(_tokenizer.Decode(plain));
        return string.Concat(parts).Replace("  ", " ", StringComparison.Ordinal);
    }

    /// <summary>Start token, the content, end token, then padding (the pad id, which is the end token for SD 1.x).
    /// With embeddings the end token is the embedding set's copy of it, the highest id (see <see cref="TextualInversionSet"/>).</summary>
    private PromptChunk Finish(List<int> content, List<float> contentWeights)
    {
        var ids = new int[ChunkSize];
        var weights = new float[ChunkSize];
        Array.Fill(weights, 1f);
        ids[0] = _tokenizer.BosTokenId;
        content.CopyTo(ids, 1);
        contentWeights.CopyTo(weights, 1);
        ids[content.Count + 1] = _endId;
        Array.Fill(ids, _tokenizer.PadTokenId, content.Count + 2, ChunkSize - content.Count - 2);
        return new PromptChunk(ids, weights, content.Count);
    }
}
