using System.Globalization;

namespace DiffusionBot.Diffusion.Prompting;

/// <summary>What a prompt may ask for: weights within ±<see cref="MaxAbsoluteWeight"/> and at most
/// <see cref="MaxChunks"/> chunks. Each problem is a sentence for the person who wrote the prompt.</summary>
public static class PromptRules
{
    public const double MaxAbsoluteWeight = 10;

    public const int MaxChunks = 10;

    /// <summary>Unparsable weights and weights out of range. <paramref name="what"/> names the text ("The prompt").</summary>
    public static IReadOnlyList<string> SyntaxProblems(ParsedPrompt parsed, string what)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var problems = parsed.Problems.Select(p => $"{what} has a weight that is not a number: {p}").ToList();
        foreach (var segment in parsed.Segments)
        {
            if (!segment.IsBreak && !(Math.Abs(segment.Weight) <= MaxAbsoluteWeight))
            {
                problems.Add($"{what} gives \"{Shorten(segment.Text.Trim())}\" a weight of {Format(segment.Weight)}; " +
                             $"weights must be between −{Format(MaxAbsoluteWeight)} and {Format(MaxAbsoluteWeight)}.");
            }
        }

        return problems;
    }

    /// <summary>Null when the chunk count is allowed.</summary>
    public static string? ChunkProblem(ChunkedPrompt chunked, int chunkLength, string what)
    {
        ArgumentNullException.ThrowIfNull(chunked);
        return chunked.Chunks.Count <= MaxChunks
            ? null
            : $"{what} needs {chunked.Chunks.Count} chunks of {chunkLength} tokens ({chunked.TokenCount} tokens); " +
              $"at most {MaxChunks} chunks ({MaxChunks * chunkLength} tokens) are allowed. Please shorten it.";
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";
}
