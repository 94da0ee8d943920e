using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.DemoModels.Tests.Support;

/// <summary>Loads one model into ONNX Runtime (CPU) and runs it on <see cref="Tensor"/>s.</summary>
internal sealed class ModelRunner : IDisposable
{
    private readonly InferenceSession _session;

    public ModelRunner(IMessage model)
        : this(model.ToByteArray())
    {
    }

    public ModelRunner(byte[] modelBytes)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        _session = new InferenceSession(modelBytes, options);
    }

    public static ModelRunner FromFile(string path) => new(File.ReadAllBytes(path));

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> Outputs => _session.OutputMetadata;

    public IReadOnlyDictionary<string, Tensor> Run(params (string Name, Tensor Value)[] inputs)
    {
        var values = inputs.Select(i => i.Value.ToOrtValue()).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            var outputNames = _session.OutputNames.ToArray();
            using var results = _session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, outputNames);
            return outputNames.Zip(results).ToDictionary(p => p.First, p => Tensor.FromOrtValue(p.Second));
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();
}
