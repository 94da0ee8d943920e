namespace DiffusionBot.Diffusion.Models;

/// <summary>The settings a request gets from a loaded model when it names none: the UNet's native size
/// (sample_size × 8), and for distilled models their own step count, guidance and scheduler.</summary>
/// <param name="Scheduler">A scheduler name that <see cref="Schedulers.SchedulerNames"/> parses.</param>
public sealed record ModelDefaults(int Width, int Height, int Steps, double Guidance, string Scheduler);
