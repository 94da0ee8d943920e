namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Reported after every denoising step.</summary>
/// <param name="Step">Steps finished so far (1-based; equals <paramref name="TotalSteps"/> at the end).</param>
/// <param name="Elapsed">Time since the request started.</param>
public readonly record struct DiffusionProgress(int Step, int TotalSteps, TimeSpan Elapsed);
