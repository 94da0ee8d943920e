using DiffusionBot.Prompts;

namespace DiffusionBot.Tests.Prompts;

public sealed class TokensReportTests
{
    [Fact]
    public void Fit_TooManyLines_KeepsAPrefixAndCountsTheRest()
    {
        var lines = Enumerable.Range(1, 100).Select(i => $"Chunk {i}: " + new string('x', 40)).ToList();

        var text = TokensReport.Fit(lines, 2000);

        Assert.True(text.Length <= 2000, $"{text.Length} characters");
        var kept = text.Split('\n');
        var more = kept[^1];
        Assert.Equal(lines.Take(kept.Length - 1), kept[..^1]);
        Assert.Equal($"…and {lines.Count - (kept.Length - 1)} more", more);
        Assert.True(kept.Length > 30, "the limit should hold more than 30 of these lines");
    }

    [Fact]
    public void Fit_EverythingFits_NoMoreLine()
    {
        string[] lines = ["3 tokens in 1 chunk of 75.", "Nothing is cut off."];

        Assert.Equal(string.Join('\n', lines), TokensReport.Fit(lines, 2000));
    }
}
