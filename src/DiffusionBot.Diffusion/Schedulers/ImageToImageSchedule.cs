namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' img2img strength logic (StableDiffusionImg2ImgPipeline.get_timesteps + set_begin_index), which
/// <see cref="IScheduler.SetImageToImageTimesteps"/> applies for every scheduler but LCM.</summary>
public static class ImageToImageSchedule
{
    /// <summary>
    /// The step index to start denoising from: init_timestep = min(int(steps·strength), steps);
    /// t_start = max(steps − init_timestep, 0); returns t_start·order. Noise the encoded image with
    /// <see cref="IScheduler.AddNoise"/> at this index, then run steps from it to the end.
    /// <paramref name="strength"/> is a double on purpose: int(10 · 0.7) must be 7, as in Python.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">strength outside (0, 1], steps ≤ 0, or no step would run.</exception>
    public static int GetStartStepIndex(int inferenceSteps, double strength, int order = 1)
    {
        CheckStrength(strength);
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        var initTimestep = Math.Min((int)(inferenceSteps * strength), inferenceSteps);
        if (initTimestep == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(strength), strength, $"strength {strength} with {inferenceSteps} steps leaves no denoising step; raise either");
        }

        var start = Math.Max(inferenceSteps - initTimestep, 0);
        return start * order;
    }

    /// <summary>Throws unless <paramref name="strength"/> lies in (0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">strength outside (0, 1] or NaN.</exception>
    public static void CheckStrength(double strength)
    {
        if (!(strength > 0 && strength <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must lie in (0, 1]");
        }
    }
}
