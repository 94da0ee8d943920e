using System.Globalization;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Prompting;

/// <summary>A prompt with its <c>&lt;lora:name:weight&gt;</c> tags taken out.</summary>
/// <param name="Text">The prompt without the tags (what CLIP sees).</param>
/// <param name="Loras">The tags, in order (weight 1 when left out).</param>
/// <param name="Problems">What is wrong with the tags, in words fit to show the user.</param>
public sealed record LoraTagExtraction(string Text, IReadOnlyList<LoraWeight> Loras, IReadOnlyList<string> Problems);

/// <summary>AUTOMATIC1111's LoRA syntax <c>&lt;lora:name&gt;</c> / <c>&lt;lora:name:weight&gt;</c>: the tag names a LoRA
/// file and is removed from the text before emphasis is parsed. Other <c>&lt;kind:…&gt;</c> tags are left alone.</summary>
public static partial class LoraPromptTags
{
    public static LoraTagExtraction Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var loras = new List<LoraWeight>();
        var problems = new List<string>();
        var stripped = Tag().Replace(text, match =>
        {
            var name = match.Groups["name"].Value.Trim();
            var weight = 1.0;
            if (match.Groups["weight"].Success)
            {
                var raw = match.Groups["weight"].Value.Trim();
                if (!double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out weight))
                {
                    problems.Add($"'{match.Value}': the weight '{raw}' is not a number.");
                    return string.Empty;
                }
            }

            if (!LoraWeight.IsAccepted(weight))
                problems.Add($"'{match.Value}': the weight must be between {-LoraWeight.MaxAbsWeight} and {LoraWeight.MaxAbsWeight}.");
            else if (!Lora.LoraLibrary.IsValidName(name))
                problems.Add($"'{match.Value}': '{name}' is not a LoRA name (letters, digits, spaces, '.', '-' and '_' only).");
            else if (loras.Any(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"LoRA '{name}' is named more than once; give it once with the weight you want.");
            else
                loras.Add(new LoraWeight(name, weight));
            return string.Empty;
        });
        return new LoraTagExtraction(stripped, loras, problems);
    }

    /// <summary>The text without its LoRA tags (whatever they say), as for a negative prompt, where they are ignored.</summary>
    public static string Strip(string text) => Tag().Replace(text, string.Empty);

    [GeneratedRegex(@"<lora:(?<name>[^:>]*)(?::(?<weight>[^>]*))?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
