using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>Reads ONNX Runtime–allocated outputs as float32 or bool, whatever their stored type.</summary>
internal static class OrtValueReader
{
    public static float[] ReadSingles(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var result = new float[info.ElementCount];
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                value.GetTensorDataAsSpan<float>().CopyTo(result);
                break;
            case TensorElementType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()), result);
                break;
            default:
                throw new DiffusionModelException($"Expected a float32 or float16 output, got {info.ElementDataType}.");
        }

        return result;
    }

    public static long[] Shape(OrtValue value) => value.GetTensorTypeAndShape().Shape;

    public static bool[] ReadBools(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return info.ElementDataType switch
        {
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray().Select(v => v > 0.5f).ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray().Select(v => v != 0).ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray().Select(v => v != 0).ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray().Select(v => v != 0).ToArray(),
            _ => throw new DiffusionModelException($"Expected a bool output, got {info.ElementDataType}."),
        };
    }
}
