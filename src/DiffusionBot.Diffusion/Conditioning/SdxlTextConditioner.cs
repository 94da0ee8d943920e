using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>SDXL: the prompt goes through both tokenizers and text encoders; the UNet's hidden states are the two
/// encoders' penultimate hidden states concatenated per token (text_encoder first), and its pooled
/// <c>text_embeds</c> come from text_encoder_2, as diffusers' StableDiffusionXLPipeline does.</summary>
internal sealed class SdxlTextConditioner(ClipTokenizer tokenizer1, ClipHiddenStatesEncoder encoder1, ClipTokenizer tokenizer2, ClipHiddenStatesEncoder encoder2)
    : ITextConditioner
{
    public TextConditioning Encode(string text, CancellableRun run)
    {
        var first = encoder1.Encode(tokenizer1.Encode(text).InputIds, run);
        var second = encoder2.Encode(tokenizer2.Encode(text).InputIds, run);
        if (first.Tokens != second.Tokens)
            throw new DiffusionModelException($"'{encoder1.File}' gives {first.Tokens} token rows but '{encoder2.File}' gives {second.Tokens}; both SDXL text encoders must use the same context length.");
        var pooled = second.Pooled
            ?? throw new DiffusionModelException($"'{encoder2.File}' has no pooled 'text_embeds' output; SDXL's text_encoder_2 must be a CLIPTextModelWithProjection export.");

        var width = first.Width + second.Width;
        var hidden = new float[first.Tokens * width];
        for (var t = 0; t < first.Tokens; t++)
        {
            first.Hidden.AsSpan(t * first.Width, first.Width).CopyTo(hidden.AsSpan(t * width));
            second.Hidden.AsSpan(t * second.Width, second.Width).CopyTo(hidden.AsSpan((t * width) + first.Width));
        }

        return new TextConditioning(hidden, first.Tokens, width, pooled);
    }

    public PromptTokens Count(string text) => PromptTokenCounts.Of(tokenizer1, text);
}
