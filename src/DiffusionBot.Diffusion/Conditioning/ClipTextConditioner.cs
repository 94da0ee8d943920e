using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>SD 1.x/2.x: one CLIP tokenizer and text encoder; the UNet reads its last hidden state, chunks joined along the sequence.</summary>
internal sealed class ClipTextConditioner(PromptChunker chunker, TextEncoderModel encoder) : ITextConditioner
{
    public PromptChunker Chunker => chunker;

    public TextConditioning Encode(string text, int chunks, CancellableRun run)
    {
        var (hidden, tokens, width) = WeightedPromptEncoder.Encode(chunker.Fit(chunker.Chunk(text), chunks), encoder.Encode, run);
        return new TextConditioning(hidden, tokens, width, null);
    }
}
