namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The limits and defaults the engine enforces (from the Generator section), for the bot's help text and
/// its own checks.</summary>
public sealed record GenerationLimits(
    int MaxSteps,
    int MaxWidth,
    int MaxHeight,
    double MinGuidance,
    double MaxGuidance,
    int MaxCount,
    int DefaultSteps,
    double DefaultGuidance,
    int DefaultWidth,
    int DefaultHeight,
    string DefaultScheduler,
    double DefaultVariationStrength,
    int MaxUpscaleInputEdge,
    IReadOnlyList<string> Schedulers);
