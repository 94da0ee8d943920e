namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>A prompt encoded for the CLIP text encoder.</summary>
/// <param name="InputIds">Exactly <c>ModelMaxLength</c> ids: BOS, up to <c>ModelMaxLength - 2</c> content ids, EOS, then padding.</param>
/// <param name="TokenCount">Content tokens the prompt produced before truncation (no BOS/EOS).</param>
/// <param name="WasTruncated">True when content tokens were dropped to fit.</param>
/// <param name="TruncatedText">The dropped part decoded back to text (trimmed), empty when nothing was dropped.</param>
public sealed record TokenizedPrompt(int[] InputIds, int TokenCount, bool WasTruncated, string TruncatedText);
