using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Bot.Health;

/// <summary>Section "Health": where the running bot writes its health state, how often, and when the <c>health</c> command calls it unhealthy.</summary>
public sealed class HealthOptions : IValidatableObject
{
    public const string SectionName = "Health";

    /// <summary>The state file (relative paths are relative to the working directory, like Storage:DatabasePath).</summary>
    [Required]
    public string StatePath { get; set; } = "data/health.json";

    /// <summary>How often the bot writes the state file.</summary>
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A state file older than this means the bot stopped writing it (hung or gone).</summary>
    public TimeSpan MaxStateAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest time the gateway may stay disconnected (counted from the start until the first READY).</summary>
    public TimeSpan MaxGatewayDisconnected { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest time the generator may work on one job before it counts as stuck.</summary>
    public TimeSpan MaxGenerationTime { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(StatePath))
            yield return new ValidationResult("Health:StatePath must name a file.", [nameof(StatePath)]);
        if (WriteInterval <= TimeSpan.Zero)
            yield return new ValidationResult("Health:WriteInterval must be positive.", [nameof(WriteInterval)]);
        if (MaxStateAge <= WriteInterval)
            yield return new ValidationResult("Health:MaxStateAge must be longer than Health:WriteInterval.", [nameof(MaxStateAge)]);
        if (MaxGatewayDisconnected <= TimeSpan.Zero)
            yield return new ValidationResult("Health:MaxGatewayDisconnected must be positive.", [nameof(MaxGatewayDisconnected)]);
        if (MaxGenerationTime <= TimeSpan.Zero)
            yield return new ValidationResult("Health:MaxGenerationTime must be positive.", [nameof(MaxGenerationTime)]);
    }
}
