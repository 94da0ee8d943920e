namespace DiffusionBot.Diffusion.Randomness;

/// <summary>
/// Seeded standard normal noise: xoshiro256** (Blackman &amp; Vigna) seeded by running SplitMix64 four times over
/// the 64-bit seed, turned into N(0, 1) samples by the Box–Muller transform. Each pair of 64-bit outputs
/// (u1 = (x1 &gt;&gt; 11 + 1)·2⁻⁵³ in (0, 1], u2 = (x2 &gt;&gt; 11)·2⁻⁵³ in [0, 1)) gives two samples,
/// r·cos(2πu2) then r·sin(2πu2) with r = √(−2 ln u1), computed in double precision and rounded to float.
/// The sequence depends only on the seed, so the same seed and settings reproduce an image bit for bit on the
/// same runtime and CPU architecture; different seeds give independent streams.
/// </summary>
public sealed class XoshiroGaussianNoise : IGaussianNoise
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);
    private ulong _s0, _s1, _s2, _s3;
    private float _spare;
    private bool _hasSpare;

    public XoshiroGaussianNoise(long seed)
    {
        var state = unchecked((ulong)seed);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    public void Fill(Span<float> destination)
    {
        var i = 0;
        if (_hasSpare && destination.Length > 0)
        {
            destination[i++] = _spare;
            _hasSpare = false;
        }

        for (; i < destination.Length; i += 2)
        {
            var u1 = ((NextUInt64() >> 11) + 1) * TwoToMinus53;
            var u2 = (NextUInt64() >> 11) * TwoToMinus53;
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            var angle = 2.0 * Math.PI * u2;
            destination[i] = (float)(radius * Math.Cos(angle));
            var second = (float)(radius * Math.Sin(angle));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = second;
            }
            else
            {
                _spare = second;
                _hasSpare = true;
            }
        }
    }

    /// <summary>The next raw 64-bit output of xoshiro256**.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
