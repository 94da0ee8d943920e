using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Core.Options;

/// <summary>Section "Limits": the bot's policy (prompt length, counts, queue caps, progress interval, upscale and
/// variation settings, LoRAs per job). What each model allows (sizes, steps, guidance, schedulers) is the catalogue's
/// (<see cref="Ports.IModelCatalog"/>).</summary>
public sealed class LimitsOptions : IValidatableObject
{
    public const string SectionName = "Limits";

    /// <summary>Settings that moved to the model catalogue (each model's sizes, steps, guidance and schedulers).</summary>
    public static readonly IReadOnlyList<(string Key, string Instead)> RetiredKeys =
    [
        ("Sizes", "Models:Entries:<name>:Sizes"),
        ("DefaultSize", "Models:Entries:<name>:Size"),
        ("MinSteps", "Models:Entries:<name>:MaxSteps (steps start at 1)"),
        ("MaxSteps", "Models:Entries:<name>:MaxSteps"),
        ("DefaultSteps", "Models:Entries:<name>:Steps"),
        ("MinGuidance", "Models:Entries:<name>:MinGuidance"),
        ("MaxGuidance", "Models:Entries:<name>:MaxGuidance"),
        ("DefaultGuidance", "Models:Entries:<name>:Guidance"),
        ("Models", "Models:Entries (the catalogue)"),
        ("DefaultModel", "Models:Default"),
        ("Schedulers", "Models:Entries:<name>:Schedulers"),
        ("DefaultScheduler", "Models:Entries:<name>:Scheduler"),
    ];

    [Range(1, 6000)]
    public int MaxPromptLength { get; set; } = 1000;

    [Range(1, 4)]
    public int DefaultCount { get; set; } = 1;

    [Range(1, 100)]
    public int PerUserPendingCap { get; set; } = 3;

    [Range(1, 10000)]
    public int GlobalQueueCap { get; set; } = 50;

    /// <summary>
    /// How many times a waiting job that would force a model switch may be passed over by later jobs whose model is
    /// already loaded; 0 turns model affinity off (plain round-robin).
    /// </summary>
    [Range(0, 20)]
    public int MaxModelAffinitySkips { get; set; } = 2;

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProgressEditInterval < TimeSpan.Zero)
            yield return new ValidationResult("Limits:ProgressEditInterval must not be negative.", [nameof(ProgressEditInterval)]);
    }
}
