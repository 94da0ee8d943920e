using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Tests.Prompting;

/// <summary>AUTOMATIC1111's attention syntax, case by case (the first six are its own docstring examples).</summary>
public sealed class PromptParserTests
{
    private const string Break = "<BREAK>";

    /// <summary>Prompt → expected segments as "text" / weight pairs; <see cref="Break"/> marks a chunk break.</summary>
    public static TheoryData<string, string, (string Text, double Weight)[]> Cases => new()
    {
        { "plain text", "normal text", [("normal text", 1.0)] },
        { "round brackets ×1.1", "an (important) word", [("an ", 1.0), ("important", 1.1), (" word", 1.0)] },
        { "unbalanced round bracket applies to the end", "(unbalanced", [("unbalanced", 1.1)] },
        { "escaped brackets are literal", @"\(literal\]", [("(literal]", 1.0)] },
        { "neighbours with equal weight merge", "(unnecessary)(parens)", [("unnecessaryparens", 1.1)] },
        {
            "nesting, explicit weight, square brackets, unclosed bracket", "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).",
            [("a ", 1.0), ("house", 1.5730000000000004), (" ", 1.1), ("on", 1.0), (" a ", 1.1), ("hill", 0.55), (", sun, ", 1.1), ("sky", 1.4641000000000006), (".", 1.1)]
        },
        { "square brackets ÷1.1", "a [word]", [("a ", 1.0), ("word", 1 / 1.1)] },
        { "double round brackets", "((word))", [("word", 1.1 * 1.1)] },
        { "unbalanced square bracket applies to the end", "[unbalanced", [("unbalanced", 1 / 1.1)] },
        { "square inside round", "[(a)]", [("a", 1.1 * (1 / 1.1))] },
        { "explicit weight", "(word:1.3)", [("word", 1.3)] },
        { "spaces around the number", "(word: 1.3 )", [("word", 1.3)] },
        { "space before the colon stays in the text", "(word :0.5)", [("word ", 0.5)] },
        { "negative weight", "(word:-2)", [("word", -2.0)] },
        { "signed fraction without leading digit", "(word:+.5)", [("word", 0.5)] },
        { "trailing dot", "(word:2.)", [("word", 2.0)] },
        { "explicit weights nest and multiply", "((a:2) b:3)", [("a", 6.0), (" b", 3.0)] },
        { "equal explicit weights merge", "(a:2)(b:2)", [("ab", 2.0)] },
        { "weight without an open bracket is text", "x:1.5) y", [("x:1.5) y", 1.0)] },
        { "weight never closed: colon and number are text", "(a:1.5", [("a:1.5", 1.1)] },
        { "lone colon is text", "ratio 16:9", [("ratio 16:9", 1.0)] },
        { "closing brackets with nothing open are text", "a) b]", [("a) b]", 1.0)] },
        { "escaped backslash", @"a \\ b", [(@"a \ b", 1.0)] },
        { "escaped round brackets inside brackets", @"(\(x\))", [("(x)", 1.1)] },
        { "other backslashes are dropped", @"a \b", [("a b", 1.0)] },
        { "empty prompt", "", [("", 1.0)] },
        { "BREAK starts a new chunk", "a cat BREAK a dog", [("a cat", 1.0), (Break, 1.0), ("a dog", 1.0)] },
        { "BREAK next to punctuation", "a,BREAK,b", [("a,", 1.0), (Break, 1.0), (",b", 1.0)] },
        { "BREAK only as a whole word", "aBREAK BREAKb", [("aBREAK BREAKb", 1.0)] },
        { "BREAK only in capitals", "a break b", [("a break b", 1.0)] },
        { "BREAK at the start", "BREAK a", [("", 1.0), (Break, 1.0), ("a", 1.0)] },
        { "two BREAKs", "a BREAK BREAK b", [("a", 1.0), (Break, 1.0), ("", 1.0), (Break, 1.0), ("b", 1.0)] },
        { "BREAK inside brackets stays a break", "(a BREAK b)", [("a", 1.1), (Break, 1.0), ("b", 1.1)] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Case_GivesSegmentsAndWeights(string rule, string prompt, (string Text, double Weight)[] expected)
    {
        var parsed = PromptParser.Parse(prompt);

        Assert.Empty(parsed.Problems);
        var actual = parsed.Segments.Select(s => (s.IsBreak ? Break : s.Text, s.Weight)).ToArray();
        Assert.True(expected.Length == actual.Length, $"{rule}: expected {Show(expected)}, got {Show(actual)}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Text, actual[i].Item1);
            Assert.Equal(expected[i].Weight, actual[i].Weight, 1e-12);
        }
    }

    [Theory]
    [InlineData("(a:1.2.3)", "1.2.3")]
    [InlineData("(a:.)", ".")]
    public void Parse_WeightNotANumber_ReportsIt(string prompt, string number)
    {
        var parsed = PromptParser.Parse(prompt);

        var problem = Assert.Single(parsed.Problems);
        Assert.Contains($"'{number}' is not a number", problem);
    }

    [Theory]
    [InlineData("(a:11)", "\"a\" a weight of 11")]
    [InlineData("(a:-10.5)", "\"a\" a weight of -10.5")]
    [InlineData("((a:10))", "\"a\" a weight of 11")]
    [InlineData("(a:1.2.3)", "not a number")]
    public void SyntaxProblems_WeightOutOfRangeOrInvalid_NamesIt(string prompt, string expected)
    {
        var problems = PromptRules.SyntaxProblems(PromptParser.Parse(prompt), "The prompt");

        var problem = Assert.Single(problems);
        Assert.Contains(expected, problem);
        Assert.StartsWith("The prompt", problem);
    }

    [Theory]
    [InlineData("(a:10)")]
    [InlineData("(a:-10)")]
    [InlineData("[[[a]]] (b:9.9)")]
    public void SyntaxProblems_WeightsWithinTen_None(string prompt) =>
        Assert.Empty(PromptRules.SyntaxProblems(PromptParser.Parse(prompt), "The prompt"));

    private static string Show(IEnumerable<(string, double)> segments) => string.Join(", ", segments.Select(s => $"('{s.Item1}', {s.Item2})"));
}
