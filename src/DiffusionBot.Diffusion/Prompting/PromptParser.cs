using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Prompting;

/// <summary>
/// AUTOMATIC1111's attention syntax: <c>(text)</c> multiplies the weight by 1.1, <c>[text]</c> divides it by 1.1,
/// <c>(text:1.3)</c> multiplies it by 1.3 (spaces allowed around the number); brackets nest and multiply;
/// <c>\(</c> <c>\)</c> <c>\[</c> <c>\]</c> <c>\\</c> are literal characters (any other backslash is dropped);
/// a closing bracket with nothing open is literal text; brackets left open at the end still apply to everything
/// after them; <c>BREAK</c> (a whole word, in capitals) starts a new chunk. Neighbouring runs of equal weight merge.
/// <para>One deliberate difference: a <c>BREAK</c> inside brackets is still a break (that tool turns it into the
/// word "BREAK" with a weight of −1.1).</para>
/// </summary>
public static partial class PromptParser
{
    private const double RoundMultiplier = 1.1;
    private const double SquareMultiplier = 1 / 1.1;
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create(@"\()[]:");

    public static ParsedPrompt Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<Part>();
        var problems = new List<string>();
        var round = new Stack<int>();
        var square = new Stack<int>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 < text.Length && text[i + 1] is '(' or ')' or '[' or ']' or '\\')
                    {
                        parts.Add(Part.Of(text[i + 1].ToString()));
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }

                    break;
                case '(':
                    round.Push(parts.Count);
                    i++;
                    break;
                case '[':
                    square.Push(parts.Count);
                    i++;
                    break;
                case ':' when TryMatchWeight(text, i, out var number, out var end):
                    if (round.Count > 0)
                    {
                        if (double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var weight))
                        {
                            Multiply(parts, round.Pop(), weight);
                        }
                        else
                        {
                            round.Pop();
                            problems.Add($"'{text[i..end]}': '{number}' is not a number.");
                        }
                    }
                    else
                    {
                        AddPlain(parts, text[i..end]);
                    }

                    i = end;
                    break;
                case ')' when round.Count > 0:
                    Multiply(parts, round.Pop(), RoundMultiplier);
                    i++;
                    break;
                case ']' when square.Count > 0:
                    Multiply(parts, square.Pop(), SquareMultiplier);
                    i++;
                    break;
                case ':' or ')' or ']':
                    AddPlain(parts, c.ToString());
                    i++;
                    break;
                default:
                    var stop = text.AsSpan(i).IndexOfAny(Special);
                    var length = stop < 0 ? text.Length - i : stop;
                    AddPlain(parts, text.Substring(i, length));
                    i += length;
                    break;
            }
        }

        foreach (var start in round.Reverse())
            Multiply(parts, start, RoundMultiplier);
        foreach (var start in square.Reverse())
            Multiply(parts, start, SquareMultiplier);
        if (parts.Count == 0)
            parts.Add(Part.Of(string.Empty));
        return new ParsedPrompt(Merge(parts), problems);
    }

    /// <summary>At a ':' — whitespace, an optional sign, digits and dots, whitespace, then ')'.</summary>
    private static bool TryMatchWeight(string text, int colon, out string number, out int end)
    {
        number = string.Empty;
        end = colon;
        var i = colon + 1;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        var numberStart = i;
        if (i < text.Length && text[i] is '+' or '-') i++;
        var digitsStart = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
        if (i == digitsStart)
            return false;
        number = text[numberStart..i];
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length || text[i] != ')')
            return false;
        end = i + 1;
        return true;
    }

    private static void AddPlain(List<Part> parts, string text)
    {
        var pieces = BreakPattern().Split(text);
        for (var k = 0; k < pieces.Length; k++)
        {
            if (k > 0)
                parts.Add(Part.BreakPart);
            parts.Add(Part.Of(pieces[k]));
        }
    }

    private static void Multiply(List<Part> parts, int start, double multiplier)
    {
        for (var k = start; k < parts.Count; k++)
        {
            if (!parts[k].IsBreak)
                parts[k] = parts[k] with { Weight = parts[k].Weight * multiplier };
        }
    }

    private static List<PromptSegment> Merge(List<Part> parts)
    {
        var segments = new List<PromptSegment>();
        var text = new StringBuilder();
        double? weight = null;
        foreach (var part in parts)
        {
            if (part.IsBreak)
            {
                Flush();
                segments.Add(PromptSegment.Break);
                continue;
            }

            if (weight is { } current && current != part.Weight)
                Flush();
            weight = part.Weight;
            text.Append(part.Text);
        }

        Flush();
        return segments;

        void Flush()
        {
            if (weight is { } w)
                segments.Add(new PromptSegment(text.ToString(), w));
            text.Clear();
            weight = null;
        }
    }

    [GeneratedRegex(@"\s*\bBREAK\b\s*")]
    private static partial Regex BreakPattern();

    private readonly record struct Part(string Text, double Weight, bool IsBreak)
    {
        public static Part BreakPart => new(string.Empty, 1.0, true);

        public static Part Of(string text) => new(text, 1.0, false);
    }
}
