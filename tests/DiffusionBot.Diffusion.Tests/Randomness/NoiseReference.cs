using System.Text.Json;

namespace DiffusionBot.Diffusion.Tests.Randomness;

/// <summary>reference/noise_reference.json, written by reference/make_noise_reference.py from PyTorch 1.13
/// (Debian's python3-torch) and a NumPy transcription of AUTOMATIC1111's rng_philox.py.</summary>
internal static class NoiseReference
{
    private static readonly Lazy<IReadOnlyList<NoiseCase>> All = new(Load);

    public static IReadOnlyList<NoiseCase> Cases(string source) => [.. All.Value.Where(c => c.Source == source)];

    public static NoiseCase Find(string source, string name) => All.Value.Single(c => c.Source == source && c.Name == name);

    private static List<NoiseCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Randomness", "reference", "noise_reference.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<NoiseCase>();
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var draws = item.GetProperty("draws").EnumerateArray()
                .Select(d => new NoiseDraw(
                    [.. d.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32())],
                    Decode(d.GetProperty("values").GetString()!)))
                .ToArray();
            cases.Add(new NoiseCase(item.GetProperty("source").GetString()!, item.GetProperty("seed").GetInt64(), draws));
        }

        return cases;
    }

    private static float[] Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            values[i] = BitConverter.ToSingle(bytes, i * sizeof(float));
        return values;
    }
}

internal sealed record NoiseDraw(int[] Shape, float[] Values)
{
    public override string ToString() => "[" + string.Join(",", Shape) + "]";
}

internal sealed record NoiseCase(string Source, long Seed, NoiseDraw[] Draws)
{
    /// <summary>e.g. "seed 123: [1,4,8,8] [1,4,8,8]".</summary>
    public string Name => $"seed {Seed}: {string.Join(" ", Draws.Select(d => d.ToString()))}";
}
