using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Request settings after defaults were applied and every rule checked.</summary>
internal sealed record ResolvedSettings(string Prompt, string NegativePrompt, int Steps, double Guidance, int Width, int Height, int Count, SchedulerKind Scheduler, double Strength);

/// <summary>Applies a model's defaults and checks requests against its <see cref="Core.Models.ModelInfo"/> ranges
/// (steps, guidance) and the engine's own rules (sizes the UNet can run, counts, prompt syntax).</summary>
internal sealed class RequestValidator
{
    /// <summary>Most images in one request.</summary>
    public const int MaxCount = 4;

    /// <summary>Largest side the engine runs (the bot's sizes stay within it).</summary>
    public const int MaxSide = 2048;

    /// <summary>The image-to-image strength of a variation request that names none (the bot always names one).</summary>
    public const double DefaultVariationStrength = 0.6;

    /// <summary>Checks what the request sets (a size it leaves out is the model's and is checked on resolving).</summary>
    public IReadOnlyList<string> Validate(GenerationRequest request, CatalogModel model)
    {
        var errors = Check(model, request.Prompt, request.NegativePrompt, request.Steps, request.Guidance,
            request.Width, request.Height, request.Count, request.Scheduler ?? model.Defaults.Scheduler, strength: null, out _);
        if (NoiseSourceError(request.NoiseSource) is { } error)
            errors.Add(error);
        errors.AddRange(LoraWeight.Check(request.Loras));
        return errors;
    }

    /// <summary>The named noise source, or <paramref name="fallback"/> (Generator:NoiseSource) when none is named.</summary>
    public NoiseSourceKind ResolveNoiseSource(string? name, NoiseSourceKind fallback)
    {
        if (NoiseSourceError(name) is { } error)
            throw new DiffusionRequestException([error]);
        return name is null ? fallback : NoiseSources.TryParse(name, out var kind) ? kind : fallback;
    }

    private static string? NoiseSourceError(string? name) =>
        name is null || NoiseSources.TryParse(name, out _)
            ? null
            : $"Unknown noise source '{name}'; use one of: {string.Join(", ", NoiseSources.Names)}.";

    /// <summary>Applies the model's defaults to what the request leaves out, then checks everything.</summary>
    public ResolvedSettings Resolve(GenerationRequest request, CatalogModel model)
    {
        var defaults = model.Defaults;
        var width = request.Width ?? defaults.Width;
        var height = request.Height ?? defaults.Height;
        var errors = Check(model, request.Prompt, request.NegativePrompt, request.Steps, request.Guidance, width, height, request.Count,
            request.Scheduler ?? defaults.Scheduler, strength: null, out var kind);
        errors.AddRange(LoraWeight.Check(request.Loras));
        ThrowIfAny(errors);
        return new ResolvedSettings(request.Prompt.Trim(), request.NegativePrompt?.Trim() ?? string.Empty,
            request.Steps ?? defaults.Steps, request.Guidance ?? defaults.Guidance, width, height, request.Count, kind, 1.0);
    }

    /// <summary>Checks a variation request; the size is the (already fitted) source size.</summary>
    public ResolvedSettings Resolve(VariationRequest request, int width, int height, CatalogModel model)
    {
        var defaults = model.Defaults;
        var strength = request.Strength ?? DefaultVariationStrength;
        var errors = Check(model, request.Prompt, request.NegativePrompt, request.Steps, request.Guidance, width, height, request.Count,
            request.Scheduler ?? defaults.Scheduler, strength, out var kind);
        ThrowIfAny(errors);
        return new ResolvedSettings(request.Prompt.Trim(), request.NegativePrompt?.Trim() ?? string.Empty,
            request.Steps ?? defaults.Steps, request.Guidance ?? defaults.Guidance, width, height, request.Count, kind, strength);
    }

    private static List<string> Check(CatalogModel model, string? prompt, string? negativePrompt, int? steps, double? guidance, int? width, int? height, int count, string schedulerName, double? strength, out SchedulerKind kind)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(prompt))
            errors.Add("The prompt is empty; describe the image you want.");
        else
            errors.AddRange(PromptRules.SyntaxProblems(PromptParser.Parse(prompt), PromptPlan.PromptName));
        if (!string.IsNullOrEmpty(negativePrompt))
            errors.AddRange(PromptRules.SyntaxProblems(PromptParser.Parse(negativePrompt), PromptPlan.NegativeName));
        var info = model.Info;
        if (steps is { } s && (s < 1 || s > info.MaxSteps))
            errors.Add($"Steps must be between 1 and {info.MaxSteps} for {info.Name} (got {s}).");
        if (guidance is { } g && (double.IsNaN(g) || g < info.MinGuidance || g > info.MaxGuidance))
            errors.Add($"Guidance must be between {info.MinGuidance} and {info.MaxGuidance} for {info.Name} (got {g}).");
        if (width is not null || height is not null)
        {
            var got = $"{Side(width)}×{Side(height)}";
            if (!IsMultipleOf8(width) || !IsMultipleOf8(height))
                errors.Add($"Width and height must be positive multiples of 8 (got {got}).");
            if (width > MaxSide || height > MaxSide)
                errors.Add($"The largest size is {MaxSide}×{MaxSide} (got {got}).");
        }

        if (count < 1 || count > MaxCount)
            errors.Add($"Count must be between 1 and {MaxCount} (got {count}).");
        if (strength is { } st && (double.IsNaN(st) || st <= 0 || st > 1))
            errors.Add($"Strength must be greater than 0 and at most 1 (got {st}).");

        if (!SchedulerNames.TryParse(schedulerName, out kind))
            errors.Add($"Unknown scheduler '{schedulerName}'; use one of: {string.Join(", ", info.Schedulers)}.");
        else if (!info.Schedulers.Contains(SchedulerNames.ToName(kind)))
            errors.Add($"{info.Name} does not offer the scheduler {SchedulerNames.ToName(kind)}; use one of: {string.Join(", ", info.Schedulers)}.");
        return errors;
    }

    private static bool IsMultipleOf8(int? value) => value is not { } v || (v >= 8 && v % 8 == 0);

    private static string Side(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the model's default";

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
            throw new DiffusionRequestException(errors);
    }
}
