namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>The sigma after the last step (diffusers' <c>final_sigmas_type</c>; Euler and DPM++ only).</summary>
public enum FinalSigmasType
{
    /// <summary><c>zero</c>: end fully denoised (diffusers' default). DPM++ then takes a first-order last step.</summary>
    Zero,

    /// <summary><c>sigma_min</c>: end at the training schedule's smallest sigma.</summary>
    SigmaMin,
}
