using System.Globalization;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Commands;

/// <summary>
/// Turns /imagine's typed options into <see cref="JobParameters"/>: explicit options first, then the user's settings,
/// then configured defaults. Bad input gives one clear, user-facing error. Banned words are checked elsewhere.
/// </summary>
public sealed class ImagineRequestParser(IOptions<LimitsOptions> options, ISeedSource seeds, IDefaultNoiseSource noiseSource)
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

        var steps = values.Steps ?? limits.DefaultSteps;
        if (steps < limits.MinSteps || steps > limits.MaxSteps)
            return Fail($"Steps must be between {limits.MinSteps} and {limits.MaxSteps} (you asked for {steps}).");

        var guidance = values.Guidance ?? limits.DefaultGuidance;
        if (!double.IsFinite(guidance) || guidance < limits.MinGuidance || guidance > limits.MaxGuidance)
            return Fail($"Guidance must be between {Number(limits.MinGuidance)} and {Number(limits.MaxGuidance)} (you asked for {Number(guidance)}).");

        var count = values.Count ?? limits.DefaultCount;
        if (count is < MinCount or > MaxCount) return Fail($"Count must be between {MinCount} and {MaxCount} (you asked for {count}).");

        var size = Choose(values.Size, settings.Size, limits.EffectiveDefaultSize, limits.SizeChoices, "size", out var error);
        if (size is null) return Fail(error!);
        if (!ImageSize.TryParse(size, out var dimensions)) return Fail($"Unknown size '{TextFit.Echo(size)}'. Choose one of: {string.Join(", ", limits.SizeChoices)}.");

        var model = Choose(values.Model, null, limits.EffectiveDefaultModel, limits.ModelChoices, "model", out error);
        if (model is null) return Fail(error!);

        var scheduler = Choose(values.Scheduler, settings.Scheduler, limits.EffectiveDefaultScheduler, limits.SchedulerChoices, "scheduler", out error);
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
            Model = model,
            Scheduler = scheduler,
            NoiseSource = values.NoiseSource ?? noiseSource.Name,
        });
    }

    /// <summary>Null when the given choice is unknown (with the error); a stale user setting silently falls back to the default.</summary>
    internal static string? Choose(string? given, string? userDefault, string configDefault, IReadOnlyList<string> choices, string what, out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(given))
        {
            var match = Find(choices, given.Trim());
            if (match is null) error = $"Unknown {what} '{TextFit.Echo(given.Trim())}'. Choose one of: {string.Join(", ", choices)}.";
            return match;
        }
        return (userDefault is null ? null : Find(choices, userDefault)) ?? configDefault;
    }

    internal static string? Find(IReadOnlyList<string> choices, string value) =>
        choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static Validated<JobParameters> Fail(string error) => Validated.Fail<JobParameters>(error);
}
