namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>Lookups over the generated HTML5 character reference data (see Html5EntityTable.g.cs).</summary>
internal static partial class Html5EntityTable
{
    /// <summary>Longest entity name without the trailing ';' is 31 characters; Python scans at most 32.</summary>
    public const int MaxNameLength = 32;

    public static bool TryGetNamed(ReadOnlySpan<char> name, out string replacement) =>
        Lookups.NamedBySpan.TryGetValue(name, out replacement!);

    public static bool TryGetRemappedNumeric(int codePoint, out string replacement) =>
        Lookups.RemappedNumeric.TryGetValue(codePoint, out replacement!);

    public static bool IsDropped(int codePoint) => Lookups.Dropped.Contains(codePoint);

    /// <summary>Number of named references (2,231 in HTML5, counting the legacy forms without ';').</summary>
    public static int NamedCount => Lookups.NamedBySpan.Dictionary.Count;

    private static Dictionary<string, string> BuildNamed()
    {
        var parts = NamedPairsPacked.Split('\u0001');
        var map = new Dictionary<string, string>(parts.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            map[parts[i]] = parts[i + 1];
        }

        return map;
    }

    /// <summary>Built from the generated arrays; a nested type so its initialiser runs after theirs (partial-file field order is unspecified).</summary>
    private static class Lookups
    {
        // Plain collections: only read after initialisation, and they build far faster than frozen ones.
        public static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamedBySpan =
            BuildNamed().GetAlternateLookup<ReadOnlySpan<char>>();

        public static readonly Dictionary<int, string> RemappedNumeric =
            RemappedNumericPairs.ToDictionary(p => p.CodePoint, p => p.Replacement);

        public static readonly HashSet<int> Dropped = [.. DroppedCodePoints];
    }
}
