using System.Globalization;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Commands;

/// <summary>
/// Turns /imagine option values into <see cref="JobParameters"/>: explicit options first, then the user's settings,
/// then configured defaults. Bad input gives one clear, user-facing error. Banned words are checked elsewhere.
/// </summary>
public sealed class ImagineRequestParser(IOptions<LimitsOptions> options, ISeedSource seeds, IDefaultNoiseSource noiseSource)
{
    public const long MaxSeed = uint.MaxValue;
    public const int MinCount = 1;
    public const int MaxCount = 4;

    public Validated<JobParameters> Parse(IReadOnlyDictionary<string, object> values, UserSettings settings)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(settings);
        var limits = options.Value;

        var unknown = values.Keys.FirstOrDefault(k => !ImagineOptionNames.All.Contains(k));
        if (unknown is not null) return Fail($"Unknown option '{unknown}'. Known options: {string.Join(", ", ImagineOptionNames.All)}.");

        if (!OptionReader.TryGetString(values, ImagineOptionNames.Prompt, out var prompt, out var error)) return Fail(error!);
        prompt = prompt?.Trim();
        if (string.IsNullOrEmpty(prompt)) return Fail("The prompt is empty. Describe the image you want, e.g. `/imagine prompt: a lighthouse at dawn`.");
        if (prompt.Length > limits.MaxPromptLength)
            return Fail($"The prompt is {prompt.Length} characters long; the limit is {limits.MaxPromptLength}. Please shorten it.");

        if (!OptionReader.TryGetString(values, ImagineOptionNames.Negative, out var negative, out error)) return Fail(error!);
        negative = string.IsNullOrWhiteSpace(negative) ? settings.NegativePrompt : negative.Trim();
        if (negative is { Length: var negativeLength } && negativeLength > limits.MaxPromptLength)
            return Fail($"The negative prompt is {negativeLength} characters long; the limit is {limits.MaxPromptLength}. Please shorten it.");

        if (!OptionReader.TryGetLong(values, ImagineOptionNames.Seed, out var seed, out error)) return Fail(error!);
        if (seed is < 0 or > MaxSeed) return Fail($"The seed must be between 0 and {MaxSeed}.");

        if (!OptionReader.TryGetLong(values, ImagineOptionNames.Steps, out var steps, out error)) return Fail(error!);
        steps ??= limits.DefaultSteps;
        if (steps < limits.MinSteps || steps > limits.MaxSteps)
            return Fail($"Steps must be between {limits.MinSteps} and {limits.MaxSteps} (you asked for {steps}).");

        if (!OptionReader.TryGetDouble(values, ImagineOptionNames.Guidance, out var guidance, out error)) return Fail(error!);
        guidance ??= limits.DefaultGuidance;
        if (guidance < limits.MinGuidance || guidance > limits.MaxGuidance)
            return Fail($"Guidance must be between {Number(limits.MinGuidance)} and {Number(limits.MaxGuidance)} (you asked for {Number(guidance.Value)}).");

        if (!OptionReader.TryGetLong(values, ImagineOptionNames.Count, out var count, out error)) return Fail(error!);
        count ??= limits.DefaultCount;
        if (count is < MinCount or > MaxCount) return Fail($"Count must be between {MinCount} and {MaxCount} (you asked for {count}).");

        if (!OptionReader.TryGetString(values, ImagineOptionNames.Size, out var sizeText, out error)) return Fail(error!);
        var size = Choose(sizeText, settings.Size, limits.EffectiveDefaultSize, limits.SizeChoices, "size", out error);
        if (size is null) return Fail(error!);
        if (!ImageSize.TryParse(size, out var dimensions)) return Fail($"Unknown size '{size}'. Choose one of: {string.Join(", ", limits.SizeChoices)}.");

        if (!OptionReader.TryGetString(values, ImagineOptionNames.Model, out var modelText, out error)) return Fail(error!);
        var model = Choose(modelText, null, limits.EffectiveDefaultModel, limits.ModelChoices, "model", out error);
        if (model is null) return Fail(error!);

        if (!OptionReader.TryGetString(values, ImagineOptionNames.Scheduler, out var schedulerText, out error)) return Fail(error!);
        var scheduler = Choose(schedulerText, settings.Scheduler, limits.EffectiveDefaultScheduler, limits.SchedulerChoices, "scheduler", out error);
        if (scheduler is null) return Fail(error!);

        return Validated.Ok(new JobParameters
        {
            Prompt = prompt,
            NegativePrompt = string.IsNullOrWhiteSpace(negative) ? null : negative,
            Seed = seed ?? seeds.NextSeed(),
            Steps = (int)steps.Value,
            Guidance = guidance.Value,
            Width = dimensions.Width,
            Height = dimensions.Height,
            Count = (int)count.Value,
            Model = model,
            Scheduler = scheduler,
            NoiseSource = noiseSource.Name,
        });
    }

    /// <summary>Null when the given choice is unknown (with the error); a stale user setting silently falls back to the default.</summary>
    internal static string? Choose(string? given, string? userDefault, string configDefault, IReadOnlyList<string> choices, string what, out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(given))
        {
            var match = Find(choices, given.Trim());
            if (match is null) error = $"Unknown {what} '{given.Trim()}'. Choose one of: {string.Join(", ", choices)}.";
            return match;
        }
        return (userDefault is null ? null : Find(choices, userDefault)) ?? configDefault;
    }

    internal static string? Find(IReadOnlyList<string> choices, string value) =>
        choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static Validated<JobParameters> Fail(string error) => Validated.Fail<JobParameters>(error);
}
