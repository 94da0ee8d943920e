using System.ComponentModel.DataAnnotations;
using DiffusionBot.Core.Commands;

namespace DiffusionBot.Core.Options;

/// <summary>Section "Limits": what /imagine accepts, the queue caps and how often progress may be shown.</summary>
public sealed class LimitsOptions : IValidatableObject
{
    public const string SectionName = "Limits";

    public static readonly IReadOnlyList<string> BuiltInSizes = ["512x512", "512x768", "768x512", "768x768"];
    public static readonly IReadOnlyList<string> BuiltInModels = ["stable-diffusion-v1-5"];
    public static readonly IReadOnlyList<string> BuiltInSchedulers = ["euler_a", "euler", "ddim", "dpm++2m", "dpm++2m-karras", "lms", "lcm"];

    [Range(1, 6000)]
    public int MaxPromptLength { get; set; } = 1000;

    [Range(1, 500)]
    public int MinSteps { get; set; } = 1;

    [Range(1, 500)]
    public int MaxSteps { get; set; } = 50;

    [Range(1, 500)]
    public int DefaultSteps { get; set; } = 25;

    [Range(0.0, 100.0)]
    public double MinGuidance { get; set; }

    [Range(0.0, 100.0)]
    public double MaxGuidance { get; set; } = 20.0;

    [Range(0.0, 100.0)]
    public double DefaultGuidance { get; set; } = 7.5;

    [Range(1, 4)]
    public int DefaultCount { get; set; } = 1;

    /// <summary>Size choices "WIDTHxHEIGHT"; empty means <see cref="BuiltInSizes"/>.</summary>
    public IList<string> Sizes { get; set; } = [];

    /// <summary>Empty means the first size.</summary>
    public string? DefaultSize { get; set; }

    /// <summary>Model names the generator knows; empty means <see cref="BuiltInModels"/>.</summary>
    public IList<string> Models { get; set; } = [];

    public string? DefaultModel { get; set; }

    /// <summary>Scheduler names the generator knows; empty means <see cref="BuiltInSchedulers"/>.</summary>
    public IList<string> Schedulers { get; set; } = [];

    public string? DefaultScheduler { get; set; }

    [Range(1, 100)]
    public int PerUserPendingCap { get; set; } = 3;

    [Range(1, 10000)]
    public int GlobalQueueCap { get; set; } = 50;

    public TimeSpan ProgressEditInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(2, 4)]
    public int UpscaleFactor { get; set; } = 2;

    [Range(0.05, 1.0)]
    public double VariationStrength { get; set; } = 0.6;

    /// <summary>Largest file a member may give as <c>image</c> (/imagine, /upscale), in bytes; checked before and while
    /// it is downloaded.</summary>
    [Range(typeof(long), "1024", "104857600")]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most <c>&lt;lora:name:weight&gt;</c> tags one prompt may hold.</summary>
    [Range(0, 8)]
    public int MaxLorasPerJob { get; set; } = 3;

    public IReadOnlyList<string> SizeChoices => Sizes.Count > 0 ? [.. Sizes] : BuiltInSizes;
    public IReadOnlyList<string> ModelChoices => Models.Count > 0 ? [.. Models] : BuiltInModels;
    public IReadOnlyList<string> SchedulerChoices => Schedulers.Count > 0 ? [.. Schedulers] : BuiltInSchedulers;
    public string EffectiveDefaultSize => string.IsNullOrWhiteSpace(DefaultSize) ? SizeChoices[0] : DefaultSize;
    public string EffectiveDefaultModel => string.IsNullOrWhiteSpace(DefaultModel) ? ModelChoices[0] : DefaultModel;
    public string EffectiveDefaultScheduler => string.IsNullOrWhiteSpace(DefaultScheduler) ? SchedulerChoices[0] : DefaultScheduler;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinSteps > MaxSteps || DefaultSteps < MinSteps || DefaultSteps > MaxSteps)
            yield return new ValidationResult("Limits: need MinSteps <= DefaultSteps <= MaxSteps.", [nameof(DefaultSteps)]);
        if (MinGuidance > MaxGuidance || DefaultGuidance < MinGuidance || DefaultGuidance > MaxGuidance)
            yield return new ValidationResult("Limits: need MinGuidance <= DefaultGuidance <= MaxGuidance.", [nameof(DefaultGuidance)]);
        foreach (var size in SizeChoices)
        {
            if (!ImageSize.TryParse(size, out _))
                yield return new ValidationResult($"Limits:Sizes: '{size}' is not WIDTHxHEIGHT with sides 64..2048 divisible by 8.", [nameof(Sizes)]);
        }
        if (!Contains(SizeChoices, EffectiveDefaultSize))
            yield return new ValidationResult($"Limits:DefaultSize '{DefaultSize}' is not one of Limits:Sizes.", [nameof(DefaultSize)]);
        if (!Contains(ModelChoices, EffectiveDefaultModel))
            yield return new ValidationResult($"Limits:DefaultModel '{DefaultModel}' is not one of Limits:Models.", [nameof(DefaultModel)]);
        if (!Contains(SchedulerChoices, EffectiveDefaultScheduler))
            yield return new ValidationResult($"Limits:DefaultScheduler '{DefaultScheduler}' is not one of Limits:Schedulers.", [nameof(DefaultScheduler)]);
        if (ProgressEditInterval < TimeSpan.Zero)
            yield return new ValidationResult("Limits:ProgressEditInterval must not be negative.", [nameof(ProgressEditInterval)]);
    }

    private static bool Contains(IReadOnlyList<string> list, string value) =>
        list.Any(x => string.Equals(x, value, StringComparison.OrdinalIgnoreCase));
}
