namespace DiffusionBot.Diffusion.Randomness;

/// <summary>
/// The values of <c>torch.randn(n, generator=torch.Generator("cpu").manual_seed(seed))</c> for float32, one
/// <see cref="Fill"/> being one <c>randn</c> call on the same generator (later calls continue its stream, as
/// ancestral steps with a CPU generator do in diffusers and in AUTOMATIC1111).
/// </summary>
/// <remarks>
/// PyTorch's CPU generator is an mt19937 seeded with the low 32 bits of the seed. For n ≥ 16 it runs
/// <c>normal_fill</c>: n uniforms u = (r &amp; 0xFFFFFF)·2⁻²⁴ from one 32-bit draw each, then Box–Muller on blocks of
/// 16 (values j and j+8 of a block pair up: radius √(−2 ln(1 − u_j)), angle 2π·u_{j+8}, cosine to j, sine to j+8);
/// when n is not a multiple of 16, 16 fresh uniforms overwrite the last 16 values and that block is transformed
/// again. For n &lt; 16 it takes the scalar path: each value is a double-precision Box–Muller sample from two 53-bit
/// uniforms (two 32-bit draws each), whose sine partner is cached in the generator for the next scalar draw.
/// This class follows the scalar C++ <c>normal_fill</c> in float arithmetic (the kernel PyTorch runs when it does not
/// pick its AVX2 one, e.g. with ATEN_CPU_CAPABILITY=default or on ARM); the AVX2 kernel computes log/sin/cos with vectorised approximations that differ by up to a few
/// 1e-6 (at most 1.7e-6 on the reference cases in tests/DiffusionBot.Diffusion.Tests/Randomness/reference, made by
/// make_noise_reference.py with PyTorch 1.13, where this class matched the scalar kernel bit for bit).
/// </remarks>
public sealed class TorchCpuGaussianNoise : IGaussianNoise
{
    private const int Block = 16;
    private const float FloatUniformScale = 1.0f / (1 << 24);
    private const double DoubleUniformScale = 1.0 / (1UL << 53);

    private readonly Mt19937 _engine;
    private double? _cachedNormal;

    public TorchCpuGaussianNoise(long seed)
    {
        _engine = new Mt19937(unchecked((uint)seed));
    }

    public void Fill(Span<float> destination)
    {
        if (destination.Length >= Block)
        {
            NormalFill(destination);
            return;
        }

        for (var i = 0; i < destination.Length; i++)
            destination[i] = (float)NextScalarNormal();
    }

    private void NormalFill(Span<float> data)
    {
        for (var i = 0; i < data.Length; i++)
            data[i] = NextFloatUniform();
        for (var i = 0; i + Block <= data.Length; i += Block)
            BoxMuller16(data.Slice(i, Block));
        if (data.Length % Block == 0)
            return;

        var tail = data[^Block..];
        for (var i = 0; i < Block; i++)
            tail[i] = NextFloatUniform();
        BoxMuller16(tail);
    }

    private static void BoxMuller16(Span<float> block)
    {
        for (var j = 0; j < Block / 2; j++)
        {
            var u1 = 1f - block[j];
            var u2 = block[j + (Block / 2)];
            var radius = MathF.Sqrt(-2f * MathF.Log(u1));
            var theta = (float)(2.0 * Math.PI * u2);
            block[j] = radius * MathF.Cos(theta);
            block[j + (Block / 2)] = radius * MathF.Sin(theta);
        }
    }

    private double NextScalarNormal()
    {
        if (_cachedNormal is { } cached)
        {
            _cachedNormal = null;
            return cached;
        }

        var u1 = NextDoubleUniform();
        var u2 = NextDoubleUniform();
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
        var theta = 2.0 * Math.PI * u1;
        _cachedNormal = radius * Math.Sin(theta);
        return radius * Math.Cos(theta);
    }

    private float NextFloatUniform() => (_engine.NextUInt32() & 0xFFFFFF) * FloatUniformScale;

    private double NextDoubleUniform()
    {
        ulong high = _engine.NextUInt32();
        ulong low = _engine.NextUInt32();
        return (((high << 32) | low) & ((1UL << 53) - 1)) * DoubleUniformScale;
    }
}
