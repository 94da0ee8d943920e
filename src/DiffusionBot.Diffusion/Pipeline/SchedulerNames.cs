using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Scheduler names accepted in requests and configuration: the <see cref="SchedulerKind"/> names
/// (case-insensitive) plus the usual short forms (euler_a, dpm++2m, dpm++2m-karras...).</summary>
public static class SchedulerNames
{
    private static readonly Dictionary<string, SchedulerKind> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["euler_a"] = SchedulerKind.EulerAncestral,
        ["euler-a"] = SchedulerKind.EulerAncestral,
        ["euler-ancestral"] = SchedulerKind.EulerAncestral,
        ["dpm++2m"] = SchedulerKind.DpmPlusPlus2M,
        ["dpmpp2m"] = SchedulerKind.DpmPlusPlus2M,
        ["dpm++2m-karras"] = SchedulerKind.DpmPlusPlus2MKarras,
        ["dpm++2m_karras"] = SchedulerKind.DpmPlusPlus2MKarras,
        ["dpmpp2m-karras"] = SchedulerKind.DpmPlusPlus2MKarras,
    };

    /// <summary>The canonical names, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetNames<SchedulerKind>();

    public static string AllNames => string.Join(", ", All);

    public static bool TryParse(string? name, out SchedulerKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(name))
            return false;
        var trimmed = name.Trim();
        if (Aliases.TryGetValue(trimmed, out kind))
            return true;
        if (!char.IsLetter(trimmed[0]))
            return false; // Enum.TryParse would accept numbers and comma lists.
        return !trimmed.Contains(',') && Enum.TryParse(trimmed, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }
}
