using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Tests;

public sealed class TextFitTests
{
    [Fact]
    public void Truncate_ShortText_Unchanged()
    {
        Assert.Equal("hello", TextFit.Truncate("hello", 5));
    }

    [Fact]
    public void Truncate_LongText_ExactlyMaxEndingInEllipsis()
    {
        var cut = TextFit.Truncate(new string('a', 2500), MessageLimits.Content);

        Assert.Equal(MessageLimits.Content, cut.Length);
        Assert.EndsWith(TextFit.Ellipsis, cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_CutInsideSurrogatePair_KeepsPairWhole()
    {
        var text = "ab" + "😀" + "cd"; // the emoji is two UTF-16 units at 2..3

        var cut = TextFit.Truncate(text, 4);

        Assert.Equal("ab" + TextFit.Ellipsis, cut);
    }

    [Fact]
    public void Echo_LongMultilineInput_OneShortLine()
    {
        var echoed = TextFit.Echo("line one\n" + new string('x', 5000));

        Assert.Equal(MessageLimits.EchoedInput, echoed.Length);
        Assert.DoesNotContain('\n', echoed);
        Assert.StartsWith("line one x", echoed, StringComparison.Ordinal);
    }

    [Fact]
    public void Join_AllFit_AllJoinedWithoutMarker()
    {
        Assert.Equal("Words: a, b, c", TextFit.Join("Words: ", ["a", "b", "c"], ", ", 100));
    }

    [Fact]
    public void Join_TooMany_FitsAndCountsTheRest()
    {
        var items = Enumerable.Range(0, 1000).Select(i => $"word{i:D4}").ToArray();

        var text = TextFit.Join("Banned: ", items, ", ", MessageLimits.Content);

        Assert.True(text.Length <= MessageLimits.Content, $"{text.Length} characters");
        var shown = text["Banned: ".Length..].Split(", ").Count(p => p.StartsWith("word", StringComparison.Ordinal));
        Assert.EndsWith(TextFit.More(items.Length - shown), text, StringComparison.Ordinal);
        Assert.True(shown > 100, $"only {shown} shown");
    }

    [Fact]
    public void Join_FirstItemTooLong_OnlyTheMarker()
    {
        Assert.Equal("List: " + TextFit.More(2), TextFit.Join("List: ", [new string('x', 50), "y"], ", ", 30));
    }

    [Fact]
    public void Lines_TooMany_HeadingLinesAndMarkerWithinLimit()
    {
        var lines = Enumerable.Range(0, 200).Select(i => new string('l', 40) + i).ToArray();

        var text = TextFit.Lines("Heading", lines, MessageLimits.EmbedFieldValue);

        Assert.True(text.Length <= MessageLimits.EmbedFieldValue);
        var parts = text.Split('\n');
        Assert.Equal("Heading", parts[0]);
        Assert.Equal(TextFit.More(200 - (parts.Length - 2)), parts[^1]);
    }
}
