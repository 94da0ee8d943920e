using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.DemoModels.Tests.Support;

/// <summary>An input or output tensor as plain floats (bools as 0/1, float16 widened).</summary>
internal sealed record Tensor(long[] Shape, float[] Data, TensorElementType ElementType)
{
    public static Tensor Float(float[] data, params long[] shape) => new(shape, data, TensorElementType.Float);

    public static Tensor Float16(float[] data, params long[] shape) => new(shape, data, TensorElementType.Float16);

    public static Tensor Int32(int[] data, params long[] shape) => new(shape, data.Select(v => (float)v).ToArray(), TensorElementType.Int32);

    public static Tensor Int64(long[] data, params long[] shape) => new(shape, data.Select(v => (float)v).ToArray(), TensorElementType.Int64);

    public static float RoundToHalf(float value) => (float)(Half)value;

    public float this[params long[] index]
    {
        get
        {
            long flat = 0;
            for (var i = 0; i < Shape.Length; i++)
            {
                flat = (flat * Shape[i]) + index[i];
            }

            return Data[flat];
        }
    }

    public OrtValue ToOrtValue() => ElementType switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(Data, Shape),
        TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(Data.Select(v => new Float16(BitConverter.HalfToUInt16Bits((Half)v))).ToArray(), Shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Data.Select(v => (int)v).ToArray(), Shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Data.Select(v => (long)v).ToArray(), Shape),
        _ => throw new NotSupportedException(ElementType.ToString()),
    };

    public static Tensor FromOrtValue(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var data = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Float16 => value.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)BitConverter.UInt16BitsToHalf(h.value)).ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray().Select(b => b ? 1f : 0f).ToArray(),
            _ => throw new NotSupportedException(info.ElementDataType.ToString()),
        };
        return new Tensor(info.Shape, data, info.ElementDataType);
    }
}
