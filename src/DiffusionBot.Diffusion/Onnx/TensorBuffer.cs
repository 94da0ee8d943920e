using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>A preallocated tensor over a pinned managed array of the element type the model wants (float32,
/// float16, int64 or int32), with float/int views that convert on the way in and out. Created once per request
/// and reused for every step, so the denoising loop does not allocate.</summary>
internal sealed class TensorBuffer : IDisposable
{
    private readonly float[]? _single;
    private readonly Float16[]? _half;
    private readonly long[]? _int64;
    private readonly int[]? _int32;

    private TensorBuffer(TensorElementType elementType, long[] shape)
    {
        ElementType = elementType;
        Shape = shape;
        Length = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        Value = elementType switch
        {
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(_single = new float[Length], shape),
            TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(_half = new Float16[Length], shape),
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(_int64 = new long[Length], shape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(_int32 = new int[Length], shape),
            _ => throw new DiffusionModelException($"Tensor element type {elementType} is not supported (use float32, float16, int64 or int32)."),
        };
    }

    public TensorElementType ElementType { get; }

    public long[] Shape { get; }

    public int Length { get; }

    public OrtValue Value { get; }

    public static TensorBuffer Create(TensorElementType elementType, params long[] shape) => new(elementType, shape);

    /// <summary>The float32 storage itself; only for float32 tensors.</summary>
    public Span<float> Singles => _single ?? throw new InvalidOperationException($"Tensor is {ElementType}, not float32.");

    public bool IsSingle => _single is not null;

    public void Write(ReadOnlySpan<float> source, int offset = 0)
    {
        if (_single is not null)
            source.CopyTo(_single.AsSpan(offset));
        else if (_half is not null)
            TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<Float16, Half>(_half.AsSpan(offset, source.Length)));
        else if (_int64 is not null)
            for (var i = 0; i < source.Length; i++) _int64[offset + i] = (long)MathF.Round(source[i]);
        else
            for (var i = 0; i < source.Length; i++) _int32![offset + i] = (int)MathF.Round(source[i]);
    }

    /// <summary>Sets every element to <paramref name="value"/> (a timestep input whose fixed shape holds one per batch row).</summary>
    public void Fill(float value)
    {
        Span<float> one = [value];
        for (var i = 0; i < Length; i++)
            Write(one, i);
    }

    public void Write(ReadOnlySpan<int> source, int offset = 0)
    {
        if (_int32 is not null)
            source.CopyTo(_int32.AsSpan(offset));
        else if (_int64 is not null)
            for (var i = 0; i < source.Length; i++) _int64[offset + i] = source[i];
        else
            throw new DiffusionModelException($"Token ids must be int32 or int64 tensors, not {ElementType}.");
    }

    public void Read(Span<float> destination, int offset = 0)
    {
        if (_single is not null)
            _single.AsSpan(offset, destination.Length).CopyTo(destination);
        else if (_half is not null)
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(_half.AsSpan(offset, destination.Length)), destination);
        else
            throw new InvalidOperationException($"Tensor is {ElementType}, not floating point.");
    }

    public void Dispose() => Value.Dispose();
}
