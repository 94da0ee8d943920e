using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>Turns prompt text into UNet conditioning for one model family (tokenizer(s) + text encoder(s)): the text
/// is parsed for emphasis, chunked by each tokenizer, encoded chunk by chunk with its weights, and the chunks joined.</summary>
internal interface ITextConditioner
{
    /// <summary>The first (or only) tokenizer's chunker: prompt checks, token counts and analysis use it.</summary>
    PromptChunker Chunker { get; }

    /// <summary>Encodes <paramref name="text"/> as exactly <paramref name="chunks"/> chunks (cut, or filled with empty ones),
    /// so a prompt and its negative share one sequence length.</summary>
    TextConditioning Encode(string text, int chunks, CancellableRun run);
}
