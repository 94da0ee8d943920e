namespace DiffusionBot.Diffusion.Lora;

/// <summary>"There is no LoRA named x" with the closest names there are (shared prefix or a small edit distance).</summary>
internal static class LoraSuggestions
{
    private const int MaxSuggestions = 3;

    public static string Describe(string name, IReadOnlyList<string> available)
    {
        var close = Closest(name, available);
        return close.Count > 0
            ? $"There is no LoRA named '{name}'; did you mean {string.Join(", ", close.Select(n => $"'{n}'"))}?"
            : $"There is no LoRA named '{name}'; /loras lists the ones there are.";
    }

    public static IReadOnlyList<string> Closest(string name, IReadOnlyList<string> available)
    {
        var allowed = Math.Max(2, name.Length / 3);
        return [.. available
            .Select(n => (Name: n, Distance: Distance(name.ToLowerInvariant(), n.ToLowerInvariant())))
            .Where(c => c.Distance <= allowed || c.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                || name.StartsWith(c.Name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Take(MaxSuggestions).Select(c => c.Name)];
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
