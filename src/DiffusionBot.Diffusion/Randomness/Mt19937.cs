namespace DiffusionBot.Diffusion.Randomness;

/// <summary>The 32-bit Mersenne Twister (Matsumoto &amp; Nishimura), seeded the way <c>std::mt19937(seed)</c> and
/// PyTorch's CPU generator seed it (the low 32 bits of the seed through the 1812433253 recurrence).</summary>
internal sealed class Mt19937
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908B0DF;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7FFFFFFF;

    private readonly uint[] _state = new uint[N];
    private int _index;

    public Mt19937(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
            _state[i] = unchecked((1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i);
        _index = N;
    }

    public uint NextUInt32()
    {
        if (_index >= N)
            Twist();
        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_state[i] & UpperMask) | (_state[(i + 1) % N] & LowerMask);
            var next = _state[(i + M) % N] ^ (y >> 1);
            _state[i] = (y & 1) == 0 ? next : next ^ MatrixA;
        }

        _index = 0;
    }
}
