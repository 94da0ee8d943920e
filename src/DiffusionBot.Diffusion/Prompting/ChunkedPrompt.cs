namespace DiffusionBot.Diffusion.Prompting;

/// <summary>A prompt split into 77-token chunks the way AUTOMATIC1111 does it (see <see cref="PromptChunker"/>).</summary>
/// <param name="Parsed">The parsed prompt the chunks were made from.</param>
/// <param name="TokenCount">Prompt tokens over all chunks (no start, end or padding).</param>
public sealed record ChunkedPrompt(ParsedPrompt Parsed, IReadOnlyList<PromptChunk> Chunks, int TokenCount)
{
    /// <summary>Whether any chunk from index <paramref name="keep"/> on holds prompt tokens.</summary>
    public bool HasTokensBeyond(int keep) => Chunks.Skip(keep).Any(c => c.ContentTokens > 0);
}
