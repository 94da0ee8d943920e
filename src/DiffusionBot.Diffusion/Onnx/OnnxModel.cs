using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>One loaded ONNX model: its session plus what its metadata says about inputs and outputs. It owns the
/// initializer overrides the session was created with (they must outlive it).</summary>
internal sealed class OnnxModel(InferenceSession session, SessionOptions sessionOptions, string file, IOnnxRunObserver? observer = null,
    InitializerOverrides? overrides = null) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public string File { get; } = file;

    public IOnnxRunObserver? Observer { get; } = observer;

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => Session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> Outputs => Session.OutputMetadata;

    /// <summary>The input called <paramref name="preferred"/>, else the first whose rank matches; a clear error if none.</summary>
    public string FindInput(string preferred, int? rank = null) => Find(Inputs, preferred, rank, "input");

    public string FindOutput(string preferred, int? rank = null) => Find(Outputs, preferred, rank, "output");

    public TensorElementType InputType(string name) => Inputs[name].ElementDataType;

    public TensorElementType OutputType(string name) => Outputs[name].ElementDataType;

    private string Find(IReadOnlyDictionary<string, NodeMetadata> nodes, string preferred, int? rank, string kind)
    {
        if (nodes.ContainsKey(preferred))
            return preferred;
        if (rank is { } r)
        {
            var byRank = nodes.Where(n => n.Value.IsTensor && n.Value.Dimensions.Length == r).Select(n => n.Key).ToList();
            if (byRank.Count == 1)
                return byRank[0];
        }

        if (nodes.Count == 1 && rank is null)
            return nodes.Keys.First();
        throw new DiffusionModelException(
            $"Model file '{File}' has no {kind} '{preferred}' (it has: {string.Join(", ", nodes.Keys)}). Export it with the diffusers/optimum ONNX names.");
    }

    public void Dispose()
    {
        Session.Dispose();
        sessionOptions.Dispose();
        overrides?.Dispose();
    }
}
