using System.Globalization;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>A CLIP text encoder exported with every hidden state (<c>hidden_states.0</c> = embeddings …
/// <c>hidden_states.N</c> = last layer): token ids [1, 77] → the penultimate hidden state [1, 77, H] (SDXL's
/// <c>hidden_states[-2]</c>) and, where the model has it, the pooled projection <c>text_embeds</c> [1, P].</summary>
internal sealed class ClipHiddenStatesEncoder
{
    private const string HiddenPrefix = "hidden_states.";
    private readonly OnnxModel _model;
    private readonly string _input;
    private readonly string _penultimate;
    private readonly string? _pooled;

    public ClipHiddenStatesEncoder(OnnxModel model)
    {
        _model = model;
        _input = model.FindInput("input_ids", 2);
        var layers = model.Outputs.Keys
            .Where(k => k.StartsWith(HiddenPrefix, StringComparison.Ordinal))
            .Select(k => int.TryParse(k.AsSpan(HiddenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0)
            .ToList();
        if (layers.Count < 2)
        {
            throw new DiffusionModelException(
                $"'{model.File}' has no hidden_states.N outputs (it has: {string.Join(", ", model.Outputs.Keys)}); SDXL conditions on the penultimate layer. " +
                "Export the model with optimum (text-to-image task), which keeps every hidden state.");
        }

        _penultimate = HiddenPrefix + (layers.Max() - 1).ToString(CultureInfo.InvariantCulture);
        _pooled = model.Outputs.TryGetValue("text_embeds", out var pooled) && pooled.Dimensions.Length == 2 ? "text_embeds" : null;
    }

    public string File => _model.File;

    public (float[] Hidden, int Tokens, int Width, float[]? Pooled) Encode(int[] ids, CancellableRun run)
    {
        using var input = TensorBuffer.Create(_model.InputType(_input), 1, ids.Length);
        input.Write(ids);
        string[] outputNames = _pooled is null ? [_penultimate] : [_penultimate, _pooled];
        using var outputs = run.Run(_model, [_input], [input.Value], outputNames);
        var shape = OrtValueReader.Shape(outputs[0]);
        if (shape.Length != 3)
            throw new DiffusionModelException($"'{_model.File}' output '{_penultimate}' has rank {shape.Length}; expected [batch, tokens, width].");
        var pooledValues = _pooled is null ? null : OrtValueReader.ReadSingles(outputs[1]);
        return (OrtValueReader.ReadSingles(outputs[0]), (int)shape[1], (int)shape[2], pooledValues);
    }
}
