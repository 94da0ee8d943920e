namespace DiffusionBot.Diffusion.Prompting;

/// <summary>One text-encoder input row: start token, up to <c>length − 2</c> prompt tokens, end token, padding.</summary>
/// <param name="Ids">Exactly the tokenizer's model length (77) ids.</param>
/// <param name="Weights">One attention weight per id (1 for start, end and padding).</param>
/// <param name="ContentTokens">How many prompt tokens the chunk holds (0 for a chunk that only pads).</param>
public sealed record PromptChunk(int[] Ids, float[] Weights, int ContentTokens)
{
    /// <summary>The prompt tokens, without start, end or padding.</summary>
    public ReadOnlySpan<int> Content => Ids.AsSpan(1, ContentTokens);
}
