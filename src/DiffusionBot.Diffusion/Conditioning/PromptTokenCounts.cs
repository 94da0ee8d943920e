using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Conditioning;

internal static class PromptTokenCounts
{
    public static PromptTokens Of(ClipTokenizer tokenizer, string text)
    {
        var encoded = tokenizer.Encode(text);
        return new PromptTokens(encoded.TokenCount, encoded.WasTruncated, encoded.TruncatedText);
    }
}
