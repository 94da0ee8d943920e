using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Core.Options;

/// <summary>Section "Quotas": how many units a user may spend per window and what each kind of job costs.</summary>
public sealed class QuotaOptions : IValidatableObject
{
    public const string SectionName = "Quotas";

    [Range(0, 1_000_000)]
    public int DefaultAllowance { get; set; } = 25;

    /// <summary>Length of a quota window; windows are aligned to the Unix epoch (1 day → resets at 00:00 UTC).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(1);

    [Range(0, 1000)]
    public int ImagineCostPerImage { get; set; } = 1;

    [Range(0, 1000)]
    public int RerollCostPerImage { get; set; } = 1;

    [Range(0, 1000)]
    public int UpscaleCost { get; set; } = 1;

    [Range(0, 1000)]
    public int VariationCostPerImage { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromMinutes(1))
            yield return new ValidationResult("Quotas:Window must be at least one minute.", [nameof(Window)]);
    }
}
