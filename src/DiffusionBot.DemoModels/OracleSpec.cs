using DiffusionBot.DemoModels.Schedule;
using DiffusionBot.DemoModels.Tokenizer;

namespace DiffusionBot.DemoModels;

/// <summary>
/// What the demo models compute, so tests can predict images exactly.
/// <list type="bullet">
/// <item>Text encoder: each token whose whole word is in <see cref="Colours"/> ("red" → token "red&lt;/w&gt;")
/// embeds to that colour in hidden dims 0..2; every other token (start, end/pad, unknown words and word pieces)
/// embeds to 0. <c>pooler_output</c> is the sum of <c>last_hidden_state</c> over the sequence.</item>
/// <item>UNet: the predicted clean latent is x0 = 0.18215 · Σ(tokens) hidden[0..3] (channel 3 = 0), so
/// token colours SUM over the prompt ("red red" is twice as red) and decode to that sum. The UNet returns the
/// epsilon (or v) for which the scheduler's x0 prediction equals x0. With classifier-free guidance the pipeline's
/// u + g·(c − u) on epsilon gives x0 = u + g·(c − u) on colours; guidance ≤ 1 means no guidance (cond only).</item>
/// <item>VAE decoder: channels 0..2 of the latent, nearest ×8 upsample. Image byte = round(clamp((x + 1) / 2, 0, 1) · 255).</item>
/// <item>Safety checker: flags an image when its mean colour, recovered from the CLIP-normalised <c>clip_input</c>
/// (x · std + mean per channel, in [0, 1]), is within <see cref="SafetyFlagDistance"/> of pure magenta (1, 0, 1) in
/// every channel (Chebyshev distance &lt; 0.25). "magenta" is flagged; "purple" and "pink" are not.</item>
/// </list>
/// </summary>
public static class OracleSpec
{
    public const int HiddenSize = 8;
    public const int SequenceLength = 77;
    public const int LatentChannels = 4;
    public const int VaeScaleFactor = 8;
    public const float LatentScalingFactor = 0.18215f;
    public const int TrainTimesteps = ScaledLinearSchedule.TrainTimesteps;
    public const double SafetyFlagDistance = 0.25;

    /// <summary>The CLIP image processor's per-channel normalisation, undone by the safety checker.</summary>
    public static IReadOnlyList<float> ClipImageMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    public static IReadOnlyList<float> ClipImageStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    private static readonly (string Word, OracleColour Colour)[] Table =
    [
        ("red", OracleColour.FromBytes(255, 0, 0)),
        ("green", OracleColour.FromBytes(0, 255, 0)),
        ("blue", OracleColour.FromBytes(0, 0, 255)),
        ("yellow", OracleColour.FromBytes(255, 255, 0)),
        ("cyan", OracleColour.FromBytes(0, 255, 255)),
        ("magenta", OracleColour.FromBytes(255, 0, 255)),
        ("white", OracleColour.FromBytes(255, 255, 255)),
        ("black", OracleColour.FromBytes(0, 0, 0)),
        ("orange", OracleColour.FromBytes(255, 165, 0)),
        ("purple", OracleColour.FromBytes(128, 0, 128)),
        ("grey", OracleColour.FromBytes(128, 128, 128)),
        ("gray", OracleColour.FromBytes(128, 128, 128)),
        ("pink", OracleColour.FromBytes(255, 192, 203)),
        ("brown", OracleColour.FromBytes(139, 69, 19)),
        ("fox", OracleColour.FromBytes(255, 165, 0)),
        ("sky", OracleColour.FromBytes(135, 206, 235)),
        ("grass", OracleColour.FromBytes(34, 139, 34)),
        ("snow", OracleColour.FromBytes(255, 255, 255)),
    ];

    /// <summary>Word → colour. Each colour is chosen so that a single word decodes to whole bytes (see
    /// <see cref="OracleColour.FromBytes"/>). Pixels are affine in colour, so one colour word per prompt and an integer
    /// guidance scale give whole bytes ((1 − g)·uncond + g·cond); other mixes (two colour words, g = 1.5) can land
    /// exactly on .5 and then float noise may round either way: compare such cases with ±1.</summary>
    public static IReadOnlyDictionary<string, OracleColour> Colours { get; } = Table.ToDictionary(e => e.Word, e => e.Colour, StringComparer.Ordinal);

    internal static DemoVocabulary Vocabulary { get; } = DemoVocabulary.Create(Table.Select(e => e.Word));

    /// <summary>The colour a prompt's tokens sum to, tokenised exactly like the demo tokenizer (so a word such as
    /// "fred" whose last piece is the token "red&lt;/w&gt;" counts as red). Truncation to 77 tokens is not applied.</summary>
    public static OracleColour ColourOf(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var sum = OracleColour.Zero;
        foreach (var id in Vocabulary.Encode(prompt))
        {
            if (TokenColour(id) is { } colour)
            {
                sum += colour;
            }
        }

        return sum;
    }

    /// <summary>The colour of words joined by spaces.</summary>
    public static OracleColour ColourOf(IEnumerable<string> words) => ColourOf(string.Join(' ', words));

    /// <summary>Guided colour u + g·(c − u); g ≤ 1 means cond only (no classifier-free guidance).</summary>
    public static OracleColour ExpectedColour(string condPrompt, string uncondPrompt, double guidanceScale)
    {
        var cond = ColourOf(condPrompt);
        if (guidanceScale <= 1)
        {
            return cond;
        }

        var uncond = ColourOf(uncondPrompt);
        return uncond + (guidanceScale * (cond - uncond));
    }

    /// <summary>The decoded pixel (every pixel alike, texture off) for a prompt and negative prompt.</summary>
    public static (byte R, byte G, byte B) ExpectedDecodedRgb(string condPrompt, string uncondPrompt, double guidanceScale)
    {
        var x = ExpectedColour(condPrompt, uncondPrompt, guidanceScale);
        return (ToByte(x.R), ToByte(x.G), ToByte(x.B));
    }

    /// <inheritdoc cref="ExpectedDecodedRgb(string, string, double)"/>
    public static (byte R, byte G, byte B) ExpectedDecodedRgb(IEnumerable<string> condWords, IEnumerable<string> uncondWords, double guidanceScale) =>
        ExpectedDecodedRgb(string.Join(' ', condWords), string.Join(' ', uncondWords), guidanceScale);

    /// <summary>byte = round(clamp((x + 1) / 2, 0, 1) · 255), midpoints to even (as numpy's round).</summary>
    public static byte ToByte(double x) => (byte)Math.Round(Math.Clamp((x + 1) / 2, 0, 1) * 255, MidpointRounding.ToEven);

    /// <summary>alpha_bar(t) of the SD scaled_linear schedule; fractional t interpolates log(sigma) linearly.</summary>
    public static double AlphaBar(double timestep) => ScaledLinearSchedule.AlphaBar(timestep);

    /// <summary>sigma(t) = sqrt((1 − alpha_bar) / alpha_bar), log-linear between integer timesteps.</summary>
    public static double Sigma(double timestep) => ScaledLinearSchedule.Sigma(timestep);

    /// <summary>Whether the safety checker flags an image of this mean colour (channels in [0, 1]).</summary>
    public static bool IsFlaggedBySafetyChecker(double r, double g, double b) =>
        Math.Max(Math.Abs(r - 1), Math.Max(Math.Abs(g), Math.Abs(b - 1))) < SafetyFlagDistance;

    internal static OracleColour? TokenColour(int id)
    {
        var token = Vocabulary.Tokens[id];
        return token.EndsWith(DemoVocabulary.EndOfWord, StringComparison.Ordinal)
            && Colours.TryGetValue(token[..^DemoVocabulary.EndOfWord.Length], out var colour)
                ? colour
                : null;
    }
}
