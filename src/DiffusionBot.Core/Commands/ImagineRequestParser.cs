using System.Globalization;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Commands;

/// <summary>
/// Turns /imagine's typed options into <see cref="JobParameters"/>: explicit options first, then the user's settings,
/// then the chosen model's defaults (<see cref="IModelCatalog"/>). The model is the one named, else the member's default
/// model, else the catalogue's default. Steps, guidance, size and scheduler are checked against that model; bad input
/// gives one clear, user-facing error naming the valid choices. Banned words are checked elsewhere.
/// </summary>
public sealed class ImagineRequestParser(IOptions<LimitsOptions> options, IModelCatalog catalog, ISeedSource seeds, IDefaultNoiseSource noiseSource)
{
    public const long MaxSeed = uint.MaxValue;
    public const int MinCount = 1;
    public const int MaxCount = 4;

    /// <summary>The range of an image-to-image strength (as Limits:VariationStrength's).</summary>
    public const double MinStrength = 0.05;
    public const double MaxStrength = 1.0;

    public Validated<JobParameters> Parse(ImagineOptions values, UserSettings settings)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(settings);
        var limits = options.Value;

        var prompt = values.Prompt?.Trim();
        if (string.IsNullOrEmpty(prompt)) return Fail("The prompt is empty. Describe the image you want, e.g. `/imagine prompt: a lighthouse at dawn` (or paste an image's parameters into `parameters:`).");
        if (prompt.Length > limits.MaxPromptLength)
            return Fail($"The prompt is {prompt.Length} characters long; the limit is {limits.MaxPromptLength}. Please shorten it.");

        var negative = string.IsNullOrWhiteSpace(values.Negative) ? settings.NegativePrompt : values.Negative.Trim();
        if (negative is { Length: var negativeLength } && negativeLength > limits.MaxPromptLength)
            return Fail($"The negative prompt is {negativeLength} characters long; the limit is {limits.MaxPromptLength}. Please shorten it.");

        var seed = values.Seed;
        if (seed is < 0 or > MaxSeed) return Fail($"The seed must be between 0 and {MaxSeed}.");

        var model = ChooseModel(values.Model, settings.Model);
        if (model is null) return Fail(ModelNames.Unknown(values.Model!, catalog));

        var steps = values.Steps ?? model.DefaultSteps;
        if (steps < 1 || steps > model.MaxSteps)
            return Fail($"Steps must be between 1 and {model.MaxSteps} for {model.Name} (you asked for {steps}).");

        var guidance = values.Guidance ?? model.DefaultGuidance;
        if (!double.IsFinite(guidance) || guidance < model.MinGuidance || guidance > model.MaxGuidance)
            return Fail($"Guidance must be between {Number(model.MinGuidance)} and {Number(model.MaxGuidance)} for {model.Name} (you asked for {Number(guidance)}).");

        var count = values.Count ?? limits.DefaultCount;
        if (count is < MinCount or > MaxCount) return Fail($"Count must be between {MinCount} and {MaxCount} (you asked for {count}).");

        var sizes = model.Sizes.Select(s => s.ToString()).ToList();
        var size = Choose(values.Size, settings.Size, model.DefaultSize.ToString(), sizes, "size", out var error, model.Name);
        if (size is null) return Fail(error!);
        if (!ImageSize.TryParse(size, out var dimensions)) return Fail($"Unknown size '{TextFit.Echo(size)}'. Choose one of: {string.Join(", ", sizes)}.");

        var scheduler = Choose(values.Scheduler, settings.Scheduler, model.DefaultScheduler, model.Schedulers, "scheduler", out error, model.Name);
        if (scheduler is null) return Fail(error!);

        return Validated.Ok(new JobParameters
        {
            Prompt = prompt,
            NegativePrompt = string.IsNullOrWhiteSpace(negative) ? null : negative,
            Seed = seed ?? seeds.NextSeed(),
            Steps = (int)steps,
            Guidance = guidance,
            Width = dimensions.Width,
            Height = dimensions.Height,
            Count = (int)count,
            Model = model.Name,
            Scheduler = scheduler,
            NoiseSource = values.NoiseSource ?? noiseSource.Name,
        });
    }

    /// <summary>The named model (null when it is unknown), else the member's default model
    /// while the catalogue still has it, else the catalogue's default.</summary>
    private ModelInfo? ChooseModel(string? given, string? userDefault)
    {
        if (!string.IsNullOrWhiteSpace(given)) return catalog.TryFind(given.Trim(), out var named) ? named : null;
        return catalog.TryFind(userDefault, out var saved) ? saved : catalog.Default;
    }

    /// <summary>Null when the given choice is unknown (with the error); a stale user setting silently falls back to the default.</summary>
    internal static string? Choose(string? given, string? userDefault, string configDefault, IReadOnlyList<string> choices, string what, out string? error, string? model = null)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(given))
        {
            var match = Find(choices, given.Trim());
            if (match is null) error = $"Unknown {what} '{TextFit.Echo(given.Trim())}'{(model is null ? "" : " for " + model)}. Choose one of: {string.Join(", ", choices)}.";
            return match;
        }
        return (userDefault is null ? null : Find(choices, userDefault)) ?? configDefault;
    }

    internal static string? Find(IReadOnlyList<string> choices, string value) =>
        choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static Validated<JobParameters> Fail(string error) => Validated.Fail<JobParameters>(error);
}
