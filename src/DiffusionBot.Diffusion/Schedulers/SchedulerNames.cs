using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Maps user-facing sampler names (<c>euler_a</c>, <c>dpm++2m-karras</c>, <c>k_lms</c>…), enum names and
/// diffusers class names (<c>EulerDiscreteScheduler</c>…) to <see cref="SchedulerKind"/>. Case, spaces, '_' and '-'
/// are ignored.</summary>
public static class SchedulerNames
{
    private static readonly Dictionary<string, SchedulerKind> Aliases = BuildAliases();

    /// <summary>The canonical short names, in <see cref="SchedulerKind"/> order.</summary>
    public static IReadOnlyList<string> CanonicalNames { get; } =
        ["ddim", "euler", "euler_a", "dpm++2m", "dpm++2m-karras", "lms", "lcm"];

    /// <summary>The canonical short name of <paramref name="kind"/> (e.g. <c>dpm++2m-karras</c>).</summary>
    public static string ToName(SchedulerKind kind) =>
        Enum.IsDefined(kind) ? CanonicalNames[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scheduler kind");

    /// <summary>Parses a scheduler name; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static SchedulerKind Parse(string name) =>
        TryParse(name, out var kind)
            ? kind
            : throw new ArgumentException(
                $"Unknown scheduler '{name}'. Valid names: {string.Join(", ", CanonicalNames)} " +
                "(also DDIMScheduler, EulerDiscreteScheduler, EulerAncestralDiscreteScheduler, DPMSolverMultistepScheduler, " +
                "LMSDiscreteScheduler, LCMScheduler, and k_euler, k_euler_a, k_lms, k_dpmpp_2m, k_dpmpp_2m_karras).",
                nameof(name));

    /// <summary>Parses a scheduler name without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out SchedulerKind kind)
    {
        kind = default;
        return name is not null && Aliases.TryGetValue(Normalize(name), out kind);
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 128)];
        var length = 0;
        foreach (var c in name)
        {
            if (c is '_' or '-' or ' ' || char.IsWhiteSpace(c))
            {
                continue;
            }

            if (length == buffer.Length)
            {
                return string.Empty;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..length]);
    }

    private static Dictionary<string, SchedulerKind> BuildAliases()
    {
        var aliases = new Dictionary<string, SchedulerKind>(StringComparer.Ordinal);
        void Add(SchedulerKind kind, params string[] names)
        {
            foreach (var name in names)
            {
                aliases[Normalize(name)] = kind;
            }
        }

        foreach (var kind in Enum.GetValues<SchedulerKind>())
        {
            Add(kind, kind.ToString());
        }

        Add(SchedulerKind.Ddim, "ddim", "DDIMScheduler");
        Add(SchedulerKind.Euler, "euler", "k_euler", "EulerDiscrete", "EulerDiscreteScheduler");
        Add(SchedulerKind.EulerAncestral, "euler_a", "euler_ancestral", "k_euler_a", "k_euler_ancestral", "EulerAncestralDiscreteScheduler");
        Add(SchedulerKind.DpmPlusPlus2M, "dpm++2m", "dpmpp2m", "dpmpp_2m", "k_dpmpp_2m", "dpm++", "DPMSolverMultistepScheduler", "DPMSolverMultistep");
        Add(SchedulerKind.DpmPlusPlus2MKarras, "dpm++2m-karras", "dpm++2m karras", "dpmpp2mkarras", "dpmpp_2m_karras", "k_dpmpp_2m_karras");
        Add(SchedulerKind.Lms, "lms", "k_lms", "LMSDiscrete", "LMSDiscreteScheduler");
        Add(SchedulerKind.Lcm, "lcm", "LCMScheduler");
        return aliases;
    }
}
