namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>The samplers the engine offers. <see cref="SchedulerNames"/> maps user-facing and diffusers names to these.</summary>
public enum SchedulerKind
{
    /// <summary>DDIMScheduler; with eta above 0 (Generator:DdimEta) it draws noise every step.</summary>
    Ddim,

    /// <summary>EulerDiscreteScheduler.</summary>
    Euler,

    /// <summary>EulerAncestralDiscreteScheduler (stochastic: draws noise every step).</summary>
    EulerAncestral,

    /// <summary>DPMSolverMultistepScheduler, dpmsolver++, order 2, midpoint.</summary>
    DpmPlusPlus2M,

    /// <summary>DPMSolverMultistepScheduler as <see cref="DpmPlusPlus2M"/> with Karras sigmas forced on.</summary>
    DpmPlusPlus2MKarras,

    /// <summary>LMSDiscreteScheduler, order 4.</summary>
    Lms,

    /// <summary>LCMScheduler (latent consistency models; draws noise between steps).</summary>
    Lcm,
}
