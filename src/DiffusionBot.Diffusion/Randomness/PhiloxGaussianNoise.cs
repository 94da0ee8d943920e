namespace DiffusionBot.Diffusion.Randomness;

/// <summary>
/// AUTOMATIC1111's "NV" noise source (its <c>modules/rng_philox.py</c>), which reproduces
/// <c>torch.randn(..., device="cuda")</c> on NVIDIA GPUs for a tensor's first draw: value i of the k-th
/// <see cref="Fill"/> (k = 0, 1, …) is Philox4x32-10 with key = the 64-bit seed (low word first) and counter
/// (k, 0, i, 0); its first two output words x, y become one Box–Muller sample sin(2π·v)·√(−2 ln u) with
/// u = x·2⁻³² + 2⁻³³ and v = y·2π·2⁻³² + π·2⁻³² (constants rounded to float32, arithmetic in double, result
/// rounded to float32), exactly as that file computes it.
/// </summary>
public sealed class PhiloxGaussianNoise : IGaussianNoise
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;
    private const int Rounds = 10;

    // rng_philox.py keeps these as float32 arrays; numpy then mixes them with the uint32 words in float64.
    private const float TwoPow32Inv = 2.3283064e-10f;
    private const float TwoPow32InvTwoPi = (float)(2.3283064e-10 * 6.2831855);

    private readonly uint _keyLow;
    private readonly uint _keyHigh;
    private uint _offset;

    public PhiloxGaussianNoise(long seed)
    {
        var key = unchecked((ulong)seed);
        _keyLow = (uint)key;
        _keyHigh = (uint)(key >> 32);
    }

    public void Fill(Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var (x, y) = Philox(_offset, unchecked((uint)i));
            destination[i] = BoxMuller(x, y);
        }

        _offset++;
    }

    /// <summary>The first two words of Philox4x32-10 on counter (offset, 0, index, 0).</summary>
    private (uint X, uint Y) Philox(uint offset, uint index)
    {
        uint c0 = offset, c1 = 0, c2 = index, c3 = 0;
        uint k0 = _keyLow, k1 = _keyHigh;
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 = unchecked(k0 + W0);
                k1 = unchecked(k1 + W1);
            }

            var product0 = (ulong)c0 * M0;
            var product1 = (ulong)c2 * M1;
            c0 = (uint)(product1 >> 32) ^ c1 ^ k0;
            c1 = (uint)product1;
            c2 = (uint)(product0 >> 32) ^ c3 ^ k1;
            c3 = (uint)product0;
        }

        return (c0, c1);
    }

    private static float BoxMuller(uint x, uint y)
    {
        var u = (x * (double)TwoPow32Inv) + (double)(TwoPow32Inv / 2);
        var v = (y * (double)TwoPow32InvTwoPi) + (double)(TwoPow32InvTwoPi / 2);
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Sin(v));
    }
}
