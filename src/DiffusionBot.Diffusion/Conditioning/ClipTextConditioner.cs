using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>SD 1.x/2.x: one CLIP tokenizer and text encoder; the UNet reads its last hidden state.</summary>
internal sealed class ClipTextConditioner(ClipTokenizer tokenizer, TextEncoderModel encoder) : ITextConditioner
{
    public TextConditioning Encode(string text, CancellableRun run)
    {
        var (hidden, tokens, width) = encoder.Encode(tokenizer.Encode(text).InputIds, run);
        return new TextConditioning(hidden, tokens, width, null);
    }

    public PromptTokens Count(string text) => PromptTokenCounts.Of(tokenizer, text);
}
