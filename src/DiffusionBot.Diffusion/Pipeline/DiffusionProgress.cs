namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Reported after every denoising step, and once before the steps while the model loads (then
/// <see cref="Phase"/> says so and the step counts are 0).</summary>
/// <param name="Step">Steps finished so far (1-based; equals <paramref name="TotalSteps"/> at the end).</param>
/// <param name="Elapsed">Time since the request started.</param>
public readonly record struct DiffusionProgress(int Step, int TotalSteps, TimeSpan Elapsed)
{
    /// <summary>A stage before the steps, e.g. "Loading model sdxl…"; null while denoising.</summary>
    public string? Phase { get; init; }
}
