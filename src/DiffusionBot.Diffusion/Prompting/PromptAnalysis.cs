namespace DiffusionBot.Diffusion.Prompting;

/// <summary>How a prompt parses, tokenizes and chunks for the loaded model, and what it would lose.</summary>
/// <param name="Chunks">The prompt's chunks (segments, ids and weights).</param>
/// <param name="ChunkTexts">Each chunk's tokens decoded back to text.</param>
/// <param name="ChunkLength">Prompt tokens per chunk (75).</param>
/// <param name="UsableChunks">Chunks the model's UNet takes; null when its sequence length is dynamic (any number).</param>
/// <param name="TruncatedText">What the UNet would not see, decoded back to text (empty when nothing is cut).</param>
/// <param name="Problems">Why the prompt would be refused (empty when it is fine).</param>
public sealed record PromptAnalysis(ChunkedPrompt Chunks, IReadOnlyList<string> ChunkTexts, int ChunkLength, int? UsableChunks, string TruncatedText, IReadOnlyList<string> Problems)
{
    public bool WasTruncated => UsableChunks is { } usable && Chunks.HasTokensBeyond(usable);
}
