using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>SDXL: the prompt is chunked and weighted once per tokenizer and encoder; the UNet's hidden states are the
/// two encoders' penultimate hidden states concatenated per token (text_encoder first), and its pooled
/// <c>text_embeds</c> come from text_encoder_2's first chunk, as AUTOMATIC1111 does (diffusers' StableDiffusionXLPipeline
/// for a single chunk).</summary>
internal sealed class SdxlTextConditioner(PromptChunker chunker1, ClipHiddenStatesEncoder encoder1, PromptChunker chunker2, ClipHiddenStatesEncoder encoder2)
    : ITextConditioner
{
    public PromptChunker Chunker => chunker1;

    public TextConditioning Encode(string text, int chunks, CancellableRun run)
    {
        var first = WeightedPromptEncoder.Encode(chunker1.Fit(chunker1.Chunk(text), chunks), (ids, r) => HiddenOnly(encoder1.Encode(ids, r)), run);
        float[]? pooled = null;
        var second = WeightedPromptEncoder.Encode(chunker2.Fit(chunker2.Chunk(text), chunks), (ids, r) =>
        {
            var encoded = encoder2.Encode(ids, r);
            pooled ??= encoded.Pooled
                ?? throw new DiffusionModelException($"'{encoder2.File}' has no pooled 'text_embeds' output; SDXL's text_encoder_2 must be a CLIPTextModelWithProjection export.");
            return HiddenOnly(encoded);
        }, run);
        if (first.SequenceLength != second.SequenceLength)
            throw new DiffusionModelException($"'{encoder1.File}' gives {first.SequenceLength} token rows but '{encoder2.File}' gives {second.SequenceLength}; both SDXL text encoders must use the same context length.");

        var tokens = first.SequenceLength;
        var width = first.Width + second.Width;
        var hidden = new float[tokens * width];
        for (var t = 0; t < tokens; t++)
        {
            first.Hidden.AsSpan(t * first.Width, first.Width).CopyTo(hidden.AsSpan(t * width));
            second.Hidden.AsSpan(t * second.Width, second.Width).CopyTo(hidden.AsSpan((t * width) + first.Width));
        }

        return new TextConditioning(hidden, tokens, width, pooled);
    }

    private static (float[] Hidden, int SequenceLength, int Width) HiddenOnly((float[] Hidden, int Tokens, int Width, float[]? Pooled) encoded) =>
        (encoded.Hidden, encoded.Tokens, encoded.Width);
}
