using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Diffusion.Randomness;

/// <summary>The names of the noise sources (<c>cpu</c>, <c>nv</c>, <c>xoshiro</c>, case-insensitive) and the
/// generator each one makes for a seed.</summary>
public static class NoiseSources
{
    public const string Cpu = "cpu";
    public const string Nv = "nv";
    public const string Xoshiro = "xoshiro";

    /// <summary>The names, in <see cref="NoiseSourceKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Cpu, Nv, Xoshiro];

    public static string ToName(NoiseSourceKind kind) =>
        Enum.IsDefined(kind) ? Names[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown noise source");

    public static bool TryParse([NotNullWhen(true)] string? name, out NoiseSourceKind kind)
    {
        kind = default;
        if (name is null) return false;
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = (NoiseSourceKind)i;
                return true;
            }
        }

        return false;
    }

    /// <summary>A fresh generator for <paramref name="seed"/>: image i of a batch gets its own, seeded with seed + i.</summary>
    public static IGaussianNoise Create(NoiseSourceKind kind, long seed) => kind switch
    {
        NoiseSourceKind.Cpu => new TorchCpuGaussianNoise(seed),
        NoiseSourceKind.Nv => new PhiloxGaussianNoise(seed),
        NoiseSourceKind.Xoshiro => new XoshiroGaussianNoise(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown noise source"),
    };
}
