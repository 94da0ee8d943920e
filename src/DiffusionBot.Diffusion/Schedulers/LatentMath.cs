using System.Numerics;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Element-wise kernels over flat latent tensors. Every destination may be the very same span as
/// one of the inputs (each element is read before it is written), which is how the schedulers update in place.</summary>
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

        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var result = (va * new Vector<float>(x[i..])) + (vb * new Vector<float>(y[i..]));
                result.CopyTo(destination[i..]);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = (a * x[i]) + (b * y[i]);
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

        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            var vc = new Vector<float>(c);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var result = (va * new Vector<float>(x[i..])) + (vb * new Vector<float>(y[i..])) + (vc * new Vector<float>(z[i..]));
                result.CopyTo(destination[i..]);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = (a * x[i]) + (b * y[i]) + (c * z[i]);
        }
    }

    /// <summary>Clamps every value into [−range, range].</summary>
    public static void ClampSymmetric(Span<float> values, float range)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var hi = new Vector<float>(range);
            var lo = new Vector<float>(-range);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Min(Vector.Max(new Vector<float>(values[i..]), lo), hi).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = Math.Clamp(values[i], -range, range);
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
