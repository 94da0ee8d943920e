namespace DiffusionBot.Core.Commands;

/// <summary>
/// /imagine's options as typed values; null means "not given" (then the user's settings and the configured defaults
/// apply). The host builds it from Discord's options in one place; the core never reads options by name.
/// </summary>
public sealed record ImagineOptions(string Prompt)
{
    public string? Negative { get; init; }
    public long? Seed { get; init; }
    public long? Steps { get; init; }
    public double? Guidance { get; init; }
    public string? Size { get; init; }
    public long? Count { get; init; }
    public string? Model { get; init; }
    public string? Scheduler { get; init; }

    /// <summary>Image-to-image strength for an uploaded image (0.05–1); null: Limits:VariationStrength.</summary>
    public double? Strength { get; init; }

    /// <summary>Pasted generation parameters (an infotext); what they name fills the options not given.</summary>
    public string? Parameters { get; init; }

    /// <summary>The noise source (<c>cpu</c>, <c>nv</c>, <c>xoshiro</c>); only pasted parameters set it (their RNG field).
    /// Null: the configured Generator:NoiseSource.</summary>
    public string? NoiseSource { get; init; }
}
