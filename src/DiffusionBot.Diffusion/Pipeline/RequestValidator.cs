using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Request settings after defaults were applied and every rule checked.</summary>
internal sealed record ResolvedSettings(string Prompt, string NegativePrompt, int Steps, double Guidance, int Width, int Height, int Count, SchedulerKind Scheduler, double Strength);

/// <summary>Applies defaults and checks requests against <see cref="GenerationLimits"/>.</summary>
internal sealed class RequestValidator(GenerationLimits limits)
{
    public IReadOnlyList<string> Validate(GenerationRequest request) => [.. Check(request.Prompt, request.Steps, request.Guidance,
        request.Width ?? limits.DefaultWidth, request.Height ?? limits.DefaultHeight, request.Count, request.Scheduler, strength: null, out _),
        .. LoraWeight.Check(request.Loras)];

    public ResolvedSettings Resolve(GenerationRequest request)
    {
        var errors = Check(request.Prompt, request.Steps, request.Guidance, request.Width ?? limits.DefaultWidth,
            request.Height ?? limits.DefaultHeight, request.Count, request.Scheduler, strength: null, out var kind);
        errors.AddRange(LoraWeight.Check(request.Loras));
        ThrowIfAny(errors);
        return new ResolvedSettings(request.Prompt.Trim(), request.NegativePrompt?.Trim() ?? string.Empty,
            request.Steps ?? limits.DefaultSteps, request.Guidance ?? limits.DefaultGuidance,
            request.Width ?? limits.DefaultWidth, request.Height ?? limits.DefaultHeight, request.Count, kind, 1.0);
    }

    /// <summary>Checks a variation request; the size is the (already fitted) source size.</summary>
    public ResolvedSettings Resolve(VariationRequest request, int width, int height)
    {
        var strength = request.Strength ?? limits.DefaultVariationStrength;
        var errors = Check(request.Prompt, request.Steps, request.Guidance, width, height, request.Count, request.Scheduler, strength, out var kind);
        errors.AddRange(LoraWeight.Check(request.Loras));
        ThrowIfAny(errors);
        return new ResolvedSettings(request.Prompt.Trim(), request.NegativePrompt?.Trim() ?? string.Empty,
            request.Steps ?? limits.DefaultSteps, request.Guidance ?? limits.DefaultGuidance, width, height, request.Count, kind, strength);
    }

    private List<string> Check(string? prompt, int? steps, double? guidance, int width, int height, int count, string? scheduler, double? strength, out SchedulerKind kind)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(prompt))
            errors.Add("The prompt is empty; describe the image you want.");
        if (steps is { } s && (s < 1 || s > limits.MaxSteps))
            errors.Add($"Steps must be between 1 and {limits.MaxSteps} (got {s}).");
        if (guidance is { } g && (double.IsNaN(g) || g < limits.MinGuidance || g > limits.MaxGuidance))
            errors.Add($"Guidance must be between {limits.MinGuidance} and {limits.MaxGuidance} (got {g}).");
        if (width < 8 || width % 8 != 0 || height < 8 || height % 8 != 0)
            errors.Add($"Width and height must be positive multiples of 8 (got {width}×{height}).");
        if (width > limits.MaxWidth || height > limits.MaxHeight)
            errors.Add($"The largest size is {limits.MaxWidth}×{limits.MaxHeight} (got {width}×{height}).");
        if (count < 1 || count > limits.MaxCount)
            errors.Add($"Count must be between 1 and {limits.MaxCount} (got {count}).");
        if (strength is { } st && (double.IsNaN(st) || st <= 0 || st > 1))
            errors.Add($"Strength must be greater than 0 and at most 1 (got {st}).");

        kind = default;
        var schedulerName = scheduler ?? limits.DefaultScheduler;
        if (!SchedulerNames.TryParse(schedulerName, out kind))
            errors.Add($"Unknown scheduler '{schedulerName}'; use one of: {string.Join(", ", SchedulerNames.CanonicalNames)}.");
        return errors;
    }

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
            throw new DiffusionRequestException(errors);
    }
}
