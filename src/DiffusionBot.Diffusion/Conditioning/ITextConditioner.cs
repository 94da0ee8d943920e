using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Conditioning;

/// <summary>Turns prompt text into UNet conditioning for one model family (tokenizer(s) + text encoder(s)).</summary>
internal interface ITextConditioner
{
    TextConditioning Encode(string text, CancellableRun run);

    /// <summary>How the text tokenizes (count, what is cut off), without running a model.</summary>
    PromptTokens Count(string text);
}
