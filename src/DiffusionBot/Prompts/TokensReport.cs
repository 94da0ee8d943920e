using DiffusionBot.Core.Ports;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Prompts;

/// <summary>What the <c>tokens</c> command (CLI) and <c>/tokens</c> (Discord) show about a prompt: the count, the
/// problems, what would be cut, each weighted span with its weight and each chunk's text; or the chunks as JSON.</summary>
internal static class TokensReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The report, most important lines first. Lines longer than <paramref name="maxLineLength"/> are shortened.</summary>
    public static IReadOnlyList<string> Lines(PromptAnalysis analysis, int maxLineLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var chunked = analysis.Chunks;
        var lines = new List<string>
        {
            $"{chunked.TokenCount} tokens in {Plural(chunked.Chunks.Count, "chunk")} of {analysis.ChunkLength} " +
            $"({PromptTokens.MaxTokens} with start/end markers; at most {PromptRules.MaxChunks} chunks).",
        };
        lines.AddRange(analysis.Problems.Select(p => "Problem: " + p));
        if (analysis.WasTruncated)
            lines.Add($"Cut off at {analysis.UsableChunks * PromptTokens.MaxTokens}: \"{analysis.TruncatedText}\" (this model takes {Plural(analysis.UsableChunks!.Value, "chunk")}).");
        else
            lines.Add(analysis.UsableChunks is null && chunked.Chunks.Count > 1 ? "Nothing is cut off: this model takes every chunk." : "Nothing is cut off.");

        var weighted = chunked.Parsed.Segments.Where(s => !s.IsBreak && s.Weight != 1.0 && s.Text.Trim().Length > 0).ToList();
        lines.Add(weighted.Count == 0 ? "No weighted spans." : $"Weighted spans: {weighted.Count}.");
        lines.AddRange(weighted.Select(s => $"  \"{s.Text.Trim()}\" ×{Weight(s.Weight)}"));
        for (var i = 0; i < chunked.Chunks.Count; i++)
            lines.Add($"Chunk {i + 1} ({chunked.Chunks[i].ContentTokens} tokens): {analysis.ChunkTexts[i]}");
        return [.. lines.Select(l => Shorten(l, maxLineLength))];
    }

    /// <summary>The lines joined within <paramref name="limit"/> characters; the lines that do not fit become
    /// "…and N more".</summary>
    public static string Fit(IReadOnlyList<string> lines, int limit)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var separator = text.Length == 0 ? "" : "\n";
            var left = lines.Count - i - 1;
            var reserve = left == 0 ? 0 : MoreLine(left).Length + 1;
            if (text.Length + separator.Length + lines[i].Length + reserve > limit)
            {
                if (text.Length > 0)
                    text.Append('\n');
                text.Append(MoreLine(lines.Count - i));
                break;
            }

            text.Append(separator).Append(lines[i]);
        }

        return text.ToString();
    }

    /// <summary>Every chunk with its token ids (start, end and padding included) and one weight per id.</summary>
    public static string ToJson(PromptAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var report = new JsonReport(
            analysis.Chunks.TokenCount,
            analysis.ChunkLength,
            analysis.UsableChunks,
            analysis.TruncatedText,
            analysis.Problems,
            [.. analysis.Chunks.Parsed.Segments.Select(s => new JsonSegment(s.IsBreak ? "BREAK" : s.Text, s.IsBreak ? null : s.Weight))],
            [.. analysis.Chunks.Chunks.Select((c, i) => new JsonChunk(analysis.ChunkTexts[i], c.ContentTokens, c.Ids, c.Weights))]);
        return JsonSerializer.Serialize(report, Json);
    }

    private static string MoreLine(int count) => $"…and {count} more";

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static string Weight(double weight) => weight.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string line, int max) => line.Length <= max ? line : line[..(max - 1)] + "…";

    private sealed record JsonReport(int TokenCount, int ChunkLength, int? UsableChunks, string TruncatedText, IReadOnlyList<string> Problems,
        IReadOnlyList<JsonSegment> Segments, IReadOnlyList<JsonChunk> Chunks);

    private sealed record JsonSegment(string Text, double? Weight);

    private sealed record JsonChunk(string Text, int Tokens, int[] Ids, float[] Weights);
}
