using System.Globalization;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Infotext;

/// <summary>/imagine's options after pasted parameters filled the ones not given, and what of the paste was not used.</summary>
public sealed record PastedParameters(ImagineOptions Options, IReadOnlyList<string> NotUsed)
{
    private static readonly string[] NumericKeys =
        [GenerationInfotext.Keys.Steps, GenerationInfotext.Keys.CfgScale, GenerationInfotext.Keys.Seed, GenerationInfotext.Keys.Size];

    /// <summary>
    /// Fills every option that <paramref name="given"/> leaves empty from its <see cref="ImagineOptions.Parameters"/>
    /// (an infotext): prompt, negative prompt, steps, CFG scale, seed, size, sampler and schedule type (→ scheduler),
    /// model and RNG (→ noise source). Explicit options win. A value outside this bot's limits or choices, and every
    /// field the bot has no use for, is left out and named in <see cref="NotUsed"/>. A paste that is not an infotext
    /// (no settings line, a garbled number or size, no prompt) is an error naming the problem.
    /// </summary>
    public static Validated<PastedParameters> Apply(ImagineOptions given, IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrWhiteSpace(given.Parameters)) return Validated.Ok(new PastedParameters(given, []));

        var info = GenerationInfotext.Parse(given.Parameters);
        if (!HasSettings(info))
        {
            return Fail("The pasted parameters have no settings line (like `Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512`). " +
                        "Paste the whole text of an image's parameters, or put a plain prompt into `prompt:`.");
        }

        foreach (var (key, value) in info.OtherFields)
        {
            if (NumericKeys.Contains(key, StringComparer.Ordinal))
                return Fail($"The pasted parameters are malformed: `{key}: {TextFit.Echo(value)}` is not {Expected(key)}.");
        }

        var givenPrompt = !string.IsNullOrWhiteSpace(given.Prompt);
        if (!givenPrompt && string.IsNullOrWhiteSpace(info.Prompt))
            return Fail("The pasted parameters have no prompt (the text before `Negative prompt:` and the settings line). Add one with `prompt:`.");

        var notUsed = new List<string>();
        var modelName = given.Model ?? Offered(info.Model, [.. catalog.Models.Select(m => m.Name)], GenerationInfotext.Keys.Model, "this bot's models are", notUsed);
        // The ranges and choices are the model's the job will run on (an unknown typed model is refused by the parser).
        var model = catalog.TryFind(modelName, out var found) ? found : catalog.Default;
        var options = given with
        {
            Prompt = givenPrompt ? given.Prompt : info.Prompt.Trim(),
            Negative = given.Negative ?? info.NegativePrompt,
            Steps = given.Steps ?? InRange(info.Steps, 1, model.MaxSteps, GenerationInfotext.Keys.Steps, notUsed),
            Guidance = given.Guidance ?? InRange(info.Guidance, model.MinGuidance, model.MaxGuidance, GenerationInfotext.Keys.CfgScale, notUsed),
            Seed = given.Seed ?? InRange(info.Seed, 0, ImagineRequestParser.MaxSeed, GenerationInfotext.Keys.Seed, notUsed),
            Size = given.Size ?? Offered(info.Width is { } w && info.Height is { } h ? Invariant($"{w}x{h}") : null,
                [.. model.Sizes.Select(z => z.ToString())], GenerationInfotext.Keys.Size, "this bot makes", notUsed),
            Scheduler = given.Scheduler ?? Offered(info.Scheduler, model.Schedulers, GenerationInfotext.Keys.Sampler, "this bot's schedulers are", notUsed),
            Model = modelName,
            NoiseSource = given.NoiseSource ?? info.NoiseSource,
        };

        if (info.DenoisingStrength is { } strength)
            notUsed.Add(Invariant($"`{GenerationInfotext.Keys.DenoisingStrength}: {strength}` (img2img; a new image starts from noise)"));
        foreach (var (key, value) in info.OtherFields)
            notUsed.Add($"`{TextFit.Echo(key)}: {TextFit.Echo(value)}`");
        return Validated.Ok(new PastedParameters(options, notUsed));
    }

    /// <summary>The notice listing what was not used, or null when everything was.</summary>
    public string? NotUsedNotice =>
        NotUsed.Count == 0 ? null : TextFit.Lines("Not used from the pasted parameters:", [.. NotUsed.Select(n => "• " + n)], MessageLimits.Content / 2);

    private static bool HasSettings(GenerationInfotext info) =>
        info.Steps is not null || info.Guidance is not null || info.Seed is not null || info.Width is not null || info.Scheduler is not null ||
        info.Model is not null || info.DenoisingStrength is not null || info.NoiseSource is not null || info.Version is not null || info.OtherFields.Count > 0;

    private static string Expected(string key) => key switch
    {
        GenerationInfotext.Keys.Size => "a size like 512x512",
        GenerationInfotext.Keys.CfgScale => "a number",
        _ => "a whole number",
    };

    private static long? InRange(long? value, long min, long max, string key, List<string> notUsed)
    {
        if (value is not { } v) return null;
        if (v >= min && v <= max) return v;
        notUsed.Add(Invariant($"`{key}: {v}` (allowed: {min}–{max})"));
        return null;
    }

    private static double? InRange(double? value, double min, double max, string key, List<string> notUsed)
    {
        if (value is not { } v) return null;
        if (v >= min && v <= max) return v;
        notUsed.Add(Invariant($"`{key}: {v}` (allowed: {min}–{max})"));
        return null;
    }

    private static string? Offered(string? value, IReadOnlyList<string> choices, string key, string offered, List<string> notUsed)
    {
        if (value is null) return null;
        var match = ImagineRequestParser.Find(choices, value);
        if (match is null) notUsed.Add($"`{key}: {TextFit.Echo(value)}` ({offered}: {TextFit.Join("", choices, ", ", 200)})");
        return match;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Validated<PastedParameters> Fail(string error) => Validated.Fail<PastedParameters>(error);
}
