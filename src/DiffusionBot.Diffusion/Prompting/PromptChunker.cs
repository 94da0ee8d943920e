using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Prompting;

/// <summary>
/// Splits a prompt into text-encoder rows as AUTOMATIC1111 does: each parsed segment is tokenized on its own;
/// tokens fill chunks of <c>length − 2</c> (75); when a chunk is full and the last comma lies within the last
/// <see cref="CommaBacktrack"/> tokens, the tokens after that comma move on to the next chunk; <c>BREAK</c> ends the
/// chunk at once (an empty one too); each chunk is wrapped in start/end tokens and padded to the model length.
/// The tokenizer decides the ids and the padding token, so SDXL's two tokenizers each chunk the same prompt alike.
/// </summary>
public sealed class PromptChunker
{
    /// <summary>AUTOMATIC1111's default "comma padding backtrack".</summary>
    public const int CommaBacktrack = 20;

    private readonly ClipTokenizer _tokenizer;
    private readonly int? _commaId;

    public PromptChunker(ClipTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
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
            foreach (var token in _tokenizer.Tokenize(segment.Text))
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
        }

        if (ids.Count > 0 || chunks.Count == 0)
            NextChunk();
        return new ChunkedPrompt(parsed, chunks, chunks.Sum(c => c.ContentTokens));

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
        return chunk.ContentTokens == 0 ? string.Empty : _tokenizer.Decode(chunk.Content.ToArray()).Trim();
    }

    /// <summary>The text of the chunks from <paramref name="keep"/> on, decoded back (what a cut would lose).</summary>
    public string TextBeyond(ChunkedPrompt prompt, int keep)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var dropped = prompt.Chunks.Skip(keep).SelectMany(c => c.Content.ToArray()).ToList();
        return dropped.Count == 0 ? string.Empty : _tokenizer.Decode(dropped).Trim();
    }

    /// <summary>Start token, the content, end token, then padding (the pad id, which is the end token for SD 1.x).</summary>
    private PromptChunk Finish(List<int> content, List<float> contentWeights)
    {
        var ids = new int[ChunkSize];
        var weights = new float[ChunkSize];
        Array.Fill(weights, 1f);
        ids[0] = _tokenizer.BosTokenId;
        content.CopyTo(ids, 1);
        contentWeights.CopyTo(weights, 1);
        ids[content.Count + 1] = _tokenizer.EosTokenId;
        Array.Fill(ids, _tokenizer.PadTokenId, content.Count + 2, ChunkSize - content.Count - 2);
        return new PromptChunk(ids, weights, content.Count);
    }
}
