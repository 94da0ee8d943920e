using DiffusionBot.Core.Commands;

namespace DiffusionBot.Core.Models;

/// <summary>One base model of the catalogue as the bot sees it: what members may ask of it and what they get when they
/// leave a setting out. The engine reads the family and its own defaults from the model folder; the catalogue entry may
/// narrow them.</summary>
/// <param name="Name">The catalogue name members type (<c>/imagine model:</c>), unique ignoring case.</param>
/// <param name="Family">The family for people, e.g. <c>SD 1.x</c>, <c>SD 2.x (v-prediction)</c>, <c>SDXL</c>, <c>SD-Turbo</c>.</param>
/// <param name="Sizes">The sizes the model allows, the default among them.</param>
/// <param name="Schedulers">Scheduler names in their one spelling (the default among them).</param>
public sealed record ModelInfo(
    string Name,
    string Family,
    string Description,
    ImageSize DefaultSize,
    IReadOnlyList<ImageSize> Sizes,
    int DefaultSteps,
    int MaxSteps,
    double DefaultGuidance,
    double MinGuidance,
    double MaxGuidance,
    string DefaultScheduler,
    IReadOnlyList<string> Schedulers);
