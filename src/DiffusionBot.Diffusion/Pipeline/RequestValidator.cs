using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Request settings after defaults were applied and every rule checked.</summary>
internal sealed record ResolvedSettings(string Prompt, string NegativePrompt, int Steps, double Guidance, int Width, int Height, int Count, SchedulerKind Scheduler, double Strength);

/// <summary>Applies defaults and checks requests against <see cref="GenerationLimits"/>.</summary>
internal sealed class RequestValidator(GenerationLimits limits)
{
    /// <summary>Checks what the request sets (a size it leaves out is the model's and is checked on resolving).</summary>
    public IReadOnlyList<string> Validate(GenerationRequest request)
    {
        var errors = Check(request.Prompt, request.NegativePrompt, request.Steps, request.Guidance,
            request.Width, request.Height, request.Count, request.Scheduler ?? limits.DefaultScheduler, strength: null, out _);
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

    public void ThrowIfInvalid(GenerationRequest request) => ThrowIfAny(Validate(request));

    /// <summary>Applies the model's defaults to what the request leaves out and checks the size they give; the rest
    /// (LoRA list included) was checked by <see cref="ThrowIfInvalid"/>.</summary>
    public ResolvedSettings Resolve(GenerationRequest request, ModelDefaults defaults)
    {
        var width = request.Width ?? defaults.Width;
        var height = request.Height ?? defaults.Height;
        var errors = Check(request.Prompt, request.NegativePrompt, request.Steps, request.Guidance, width, height, request.Count,
            request.Scheduler ?? defaults.Scheduler, strength: null, out var kind);
        ThrowIfAny(errors);
        return new ResolvedSettings(request.Prompt.Trim(), request.NegativePrompt?.Trim() ?? string.Empty,
            request.Steps ?? defaults.Steps, request.Guidance ?? defaults.Guidance, width, height, request.Count, kind, 1.0);
    }

    /// <summary>Checks a variation request; the size is the (already fitted) source size.</summary>
    public ResolvedSettings Resolve(VariationRequest request, int width, int height, ModelDefaults defaults)
    {
        var strength = request.Strength ?? limits.DefaultVariationStrength;
        var errors = Check(request.Prompt, request.NegativePrompt, request.Steps, request.Guidance, width, height, request.Count,
            request.Scheduler ?? defaults.Scheduler, strength, out var kind);
        errors.AddRange(LoraWeight.Check(request.Loras));
        ThrowIfAny(errors);
        return new ResolvedSettings(request.Prompt.Trim(), request.NegativePrompt?.Trim() ?? string.Empty,
            request.Steps ?? defaults.Steps, request.Guidance ?? defaults.Guidance, width, height, request.Count, kind, strength);
    }

    private List<string> Check(string? prompt, string? negativePrompt, int? steps, double? guidance, int? width, int? height, int count, string schedulerName, double? strength, out SchedulerKind kind)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(prompt))
            errors.Add("The prompt is empty; describe the image you want.");
        else
            errors.AddRange(PromptRules.SyntaxProblems(PromptParser.Parse(prompt), PromptPlan.PromptName));
        if (!string.IsNullOrEmpty(negativePrompt))
            errors.AddRange(PromptRules.SyntaxProblems(PromptParser.Parse(negativePrompt), PromptPlan.NegativeName));
        if (steps is { } s && (s < 1 || s > limits.MaxSteps))
            errors.Add($"Steps must be between 1 and {limits.MaxSteps} (got {s}).");
        if (guidance is { } g && (double.IsNaN(g) || g < limits.MinGuidance || g > limits.MaxGuidance))
            errors.Add($"Guidance must be between {limits.MinGuidance} and {limits.MaxGuidance} (got {g}).");
        if (width is not null || height is not null)
        {
            var got = $"{Side(width)}×{Side(height)}";
            if (!IsMultipleOf8(width) || !IsMultipleOf8(height))
                errors.Add($"Width and height must be positive multiples of 8 (got {got}).");
            if (width > limits.MaxWidth || height > limits.MaxHeight)
                errors.Add($"The largest size is {limits.MaxWidth}×{limits.MaxHeight} (got {got}).");
        }

        if (count < 1 || count > limits.MaxCount)
            errors.Add($"Count must be between 1 and {limits.MaxCount} (got {count}).");
        if (strength is { } st && (double.IsNaN(st) || st <= 0 || st > 1))
            errors.Add($"Strength must be greater than 0 and at most 1 (got {st}).");

        if (!SchedulerNames.TryParse(schedulerName, out kind))
            errors.Add($"Unknown scheduler '{schedulerName}'; use one of: {string.Join(", ", SchedulerNames.CanonicalNames)}.");
        return errors;
    }

    private static bool IsMultipleOf8(int? value) => value is not { } v || (v >= 8 && v % 8 == 0);

    private static string Side(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the model's default";

    private static void ThrowIfAny(IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
            throw new DiffusionRequestException(errors);
    }
}
