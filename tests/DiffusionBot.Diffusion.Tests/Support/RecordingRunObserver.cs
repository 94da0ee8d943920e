using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DiffusionBot.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Support;

/// <summary>One tensor an ONNX session received, copied out (floats of any stored type as float32).</summary>
public sealed record RecordedTensor(TensorElementType Type, long[] Shape, float[] Values)
{
    /// <summary>Row <paramref name="index"/> along the first axis.</summary>
    public float[] Row(int index)
    {
        var rowLength = Values.Length / (int)Shape[0];
        return Values.AsSpan(index * rowLength, rowLength).ToArray();
    }
}

/// <summary>One ONNX session run: which model (its folder name, e.g. "unet") and what it received.</summary>
public sealed record RecordedRun(string ModelFile, IReadOnlyDictionary<string, RecordedTensor> Inputs)
{
    public string Component => Path.GetFileName(Path.GetDirectoryName(ModelFile)) ?? string.Empty;
}

/// <summary>Records every session run of the async flow that opened a capture (engines are shared between tests
/// running in parallel, so captures are per flow, not global).</summary>
internal sealed class RecordingRunObserver : IOnnxRunObserver
{
    private readonly AsyncLocal<List<RecordedRun>?> _current = new();

    /// <summary>Starts recording this flow's runs; the returned list fills as the engine runs.</summary>
    public List<RecordedRun> Capture()
    {
        var runs = new List<RecordedRun>();
        _current.Value = runs;
        return runs;
    }

    public void OnRun(string modelFile, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs)
    {
        if (_current.Value is not { } runs)
            return;
        var recorded = new Dictionary<string, RecordedTensor>();
        foreach (var (name, value) in inputNames.Zip(inputs))
            recorded[name] = Copy(value);
        lock (runs)
            runs.Add(new RecordedRun(modelFile, recorded));
    }

    private static RecordedTensor Copy(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var values = new float[info.ElementCount];
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                value.GetTensorDataAsSpan<float>().CopyTo(values);
                break;
            case TensorElementType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()), values);
                break;
            case TensorElementType.Int64:
                var longs = value.GetTensorDataAsSpan<long>();
                for (var i = 0; i < values.Length; i++) values[i] = longs[i];
                break;
            case TensorElementType.Int32:
                var ints = value.GetTensorDataAsSpan<int>();
                for (var i = 0; i < values.Length; i++) values[i] = ints[i];
                break;
            default:
                throw new NotSupportedException($"Recording {info.ElementDataType} tensors is not supported.");
        }

        return new RecordedTensor(info.ElementDataType, info.Shape, values);
    }
}
