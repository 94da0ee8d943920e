namespace DiffusionBot.DemoModels.Models;

/// <summary>Deterministic N(0, 1) samples (SplitMix64 + Box-Muller) for the fixed texture weights; the same seed
/// gives the same weights on every machine and runtime.</summary>
internal sealed class SeededGaussian(ulong seed)
{
    private ulong _state = seed;
    private double? _spare;

    public double Next()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }

        var u1 = 1.0 - NextUnit();
        var u2 = NextUnit();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    public float[] Fill(int count, double scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(Next() * scale);
        }

        return values;
    }

    private double NextUnit()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
