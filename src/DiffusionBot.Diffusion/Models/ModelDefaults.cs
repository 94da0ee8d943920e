namespace DiffusionBot.Diffusion.Models;

/// <summary>The settings a request gets from a model when it names none: the UNet's native size (sample_size × 8),
/// and for distilled models their own step count, guidance and scheduler; a catalogue entry may override each.</summary>
/// <param name="Scheduler">A scheduler name that <see cref="Schedulers.SchedulerNames"/> parses.</param>
public sealed record ModelDefaults(int Width, int Height, int Steps, double Guidance, string Scheduler)
{
    /// <summary>Steps of a base (not distilled) model.</summary>
    public const int BaseSteps = 25;

    public const double BaseGuidance = 7.5;

    public const string BaseScheduler = "euler_a";
}
