using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// A diffusion noise scheduler ported from huggingface diffusers, driven by step index. All tensors are flat
/// float spans of the whole latent (NCHW, batch included); nothing is allocated per step (work buffers are sized
/// on the first step of a job and then reused). Not thread-safe: one instance per job at a time; call
/// <see cref="SetTimesteps"/> at the start of each job to reset all state.
/// </summary>
/// <remarks>
/// Loop: <c>SetTimesteps(n)</c> and latents = noise · <see cref="InitNoiseSigma"/> (text-to-image), or
/// start = <c>SetImageToImageTimesteps(n, strength)</c> and <c>AddNoise(encoded, noise, start, latents)</c> (image-to-image);
/// then for i from the start index (0 for text-to-image) to <c>Timesteps.Length − 1</c>:
/// <c>ScaleModelInput(latents, unetInput, i)</c>; run the UNet at <c>Timesteps[i]</c>; <c>Step(noisePred, i, latents, noise)</c>.
/// </remarks>
public interface IScheduler
{
    /// <summary>Which sampler this is.</summary>
    SchedulerKind Kind { get; }

    /// <summary>Model evaluations per step (1 for every scheduler here; diffusers' <c>order</c>, used by the img2img start index).</summary>
    int Order { get; }

    /// <summary>The step count passed to the last <see cref="SetTimesteps"/> (0 before).</summary>
    int InferenceSteps { get; }

    /// <summary>The UNet timestep of each step, descending, after <see cref="SetTimesteps"/>. Fractional for Euler/LMS
    /// (linspace or Karras); the pipeline casts to the UNet's timestep type.</summary>
    ReadOnlySpan<float> Timesteps { get; }

    /// <summary>Multiply unit Gaussian noise by this to get the initial latents of text-to-image
    /// (1 for DDIM/DPM++/LCM; the largest sigma, or sqrt(σ²+1) with leading spacing, for Euler/LMS).</summary>
    float InitNoiseSigma { get; }

    /// <summary>True if <see cref="Step"/> draws from its <see cref="IGaussianNoise"/> (Euler ancestral, LCM, DDIM with eta above 0).</summary>
    bool UsesStepNoise { get; }

    /// <summary>Builds the schedule for <paramref name="inferenceSteps"/> steps and clears all per-job state.</summary>
    /// <exception cref="ArgumentOutOfRangeException">steps ≤ 0, above num_train_timesteps, or (LCM) above original_inference_steps.</exception>
    void SetTimesteps(int inferenceSteps);

    /// <summary>Builds the image-to-image schedule for <paramref name="inferenceSteps"/> steps at <paramref name="strength"/>,
    /// clears all per-job state and returns the step index to start from (noise the encoded image there with
    /// <see cref="AddNoise"/>). As in diffusers' pipelines: most schedulers cut the full schedule
    /// (<see cref="ImageToImageSchedule.GetStartStepIndex(int, double, int)"/>); LCM builds its schedule from the
    /// strength (<c>set_timesteps(strength=…)</c>) and runs all of it, so it returns 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">as <see cref="SetTimesteps"/>; strength outside (0, 1]; or (parameter
    /// <c>strength</c>) a strength that leaves too few timesteps for the steps.</exception>
    int SetImageToImageTimesteps(int inferenceSteps, double strength);

    /// <summary>Writes the UNet input for step <paramref name="stepIndex"/> (identity or sample/sqrt(σ²+1)).
    /// <paramref name="destination"/> may be the same span as <paramref name="sample"/>.</summary>
    void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex);

    /// <summary>Advances <paramref name="sample"/> in place from step <paramref name="stepIndex"/> to the next one, given the
    /// (guided) model output at that step. Multistep schedulers (DPM++ 2M, LMS) require consecutive indices after the
    /// first call following <see cref="SetTimesteps"/>. <paramref name="noise"/> is only read by stochastic schedulers.</summary>
    void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise);

    /// <summary>Noises a clean latent to the level of step <paramref name="stepIndex"/> (img2img: the start index).
    /// <paramref name="destination"/> may alias <paramref name="original"/>.</summary>
    void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination);
}
