using System.Numerics;
using System.Runtime.InteropServices;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Element-wise kernels over flat latent tensors (Vector&lt;float&gt; body, scalar tail). Every destination may be
/// the very same span as one of the inputs (each element is read before it is written), which is how the schedulers
/// update in place.</summary>
internal static class LatentMath
{
    /// <summary>destination = a·x + b·y.</summary>
    public static void Combine(ReadOnlySpan<float> x, float a, ReadOnlySpan<float> y, float b, Span<float> destination)
    {
        var n = destination.Length;
        if (x.Length != n || y.Length != n)
        {
            throw new ArgumentException("all spans must have the same length");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        var count = (nuint)n;
        var width = (nuint)Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && count >= width)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            for (; i <= count - width; i += width)
            {
                var result = (va * Vector.LoadUnsafe(ref xr, i)) + (vb * Vector.LoadUnsafe(ref yr, i));
                result.StoreUnsafe(ref dr, i);
            }
        }

        for (var j = (int)i; j < n; j++)
        {
            destination[j] = (a * x[j]) + (b * y[j]);
        }
    }

    /// <summary>destination = a·x + b·y + c·z.</summary>
    public static void Combine(
        ReadOnlySpan<float> x, float a, ReadOnlySpan<float> y, float b, ReadOnlySpan<float> z, float c, Span<float> destination)
    {
        var n = destination.Length;
        if (x.Length != n || y.Length != n || z.Length != n)
        {
            throw new ArgumentException("all spans must have the same length");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var zr = ref MemoryMarshal.GetReference(z);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        var count = (nuint)n;
        var width = (nuint)Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && count >= width)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            var vc = new Vector<float>(c);
            for (; i <= count - width; i += width)
            {
                var result = (va * Vector.LoadUnsafe(ref xr, i)) + (vb * Vector.LoadUnsafe(ref yr, i)) + (vc * Vector.LoadUnsafe(ref zr, i));
                result.StoreUnsafe(ref dr, i);
            }
        }

        for (var j = (int)i; j < n; j++)
        {
            destination[j] = (a * x[j]) + (b * y[j]) + (c * z[j]);
        }
    }

    /// <summary>Clamps every value into [−range, range].</summary>
    public static void ClampSymmetric(Span<float> values, float range)
    {
        ref var vr = ref MemoryMarshal.GetReference(values);
        nuint i = 0;
        var count = (nuint)values.Length;
        var width = (nuint)Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && count >= width)
        {
            var hi = new Vector<float>(range);
            var lo = new Vector<float>(-range);
            for (; i <= count - width; i += width)
            {
                Vector.Min(Vector.Max(Vector.LoadUnsafe(ref vr, i), lo), hi).StoreUnsafe(ref vr, i);
            }
        }

        for (var j = (int)i; j < values.Length; j++)
        {
            values[j] = Math.Clamp(values[j], -range, range);
        }
    }

    /// <summary>Returns <paramref name="buffer"/> if it already has <paramref name="length"/> elements, else a new one.
    /// Called on the first step of a job only; later steps reuse the buffer.</summary>
    public static float[] Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
