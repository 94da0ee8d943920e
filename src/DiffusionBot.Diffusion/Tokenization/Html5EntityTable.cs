using System.Collections.Frozen;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>Lookups over the generated HTML5 character reference data (see Html5EntityTable.g.cs).</summary>
internal static partial class Html5EntityTable
{
    /// <summary>Longest entity name without the trailing ';' is 31 characters; Python scans at most 32.</summary>
    public const int MaxNameLength = 32;

    private static readonly FrozenDictionary<string, string> Named = BuildNamed();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamedBySpan =
        Named.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<int, string> RemappedNumeric =
        RemappedNumericPairs.ToFrozenDictionary(p => p.CodePoint, p => p.Replacement);

    private static readonly FrozenSet<int> Dropped = DroppedCodePoints.ToFrozenSet();

    public static bool TryGetNamed(ReadOnlySpan<char> name, out string replacement) =>
        NamedBySpan.TryGetValue(name, out replacement!);

    public static bool TryGetRemappedNumeric(int codePoint, out string replacement) =>
        RemappedNumeric.TryGetValue(codePoint, out replacement!);

    public static bool IsDropped(int codePoint) => Dropped.Contains(codePoint);

    private static FrozenDictionary<string, string> BuildNamed()
    {
        var map = new Dictionary<string, string>(NamedPairs.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i < NamedPairs.Length; i += 2)
        {
            map[NamedPairs[i]] = NamedPairs[i + 1];
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
