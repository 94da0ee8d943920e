using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>The CLIP text encoder: token ids [1, 77] (int32 or int64, per metadata) → hidden states [1, 77, H].</summary>
internal sealed class TextEncoderModel(OnnxModel model)
{
    private readonly string _input = model.FindInput("input_ids", 2);
    private readonly string _output = model.FindOutput("last_hidden_state", 3);

    /// <summary>Encodes one row of token ids; returns the hidden states and their sequence length and width.</summary>
    public (float[] Hidden, int SequenceLength, int Width) Encode(int[] ids, CancellableRun run)
    {
        using var input = TensorBuffer.Create(model.InputType(_input), 1, ids.Length);
        input.Write(ids);
        using var outputs = run.Run(model, [_input], [input.Value], [_output]);
        var hidden = outputs[0];
        var shape = OrtValueReader.Shape(hidden);
        if (shape.Length != 3)
            throw new DiffusionModelException($"'{model.File}' output '{_output}' has rank {shape.Length}; expected [batch, tokens, width].");
        return (OrtValueReader.ReadSingles(hidden), (int)shape[1], (int)shape[2]);
    }
}
