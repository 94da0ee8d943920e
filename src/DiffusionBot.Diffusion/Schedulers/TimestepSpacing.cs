namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>How inference timesteps are picked from the training range (diffusers' <c>timestep_spacing</c>,
/// Table 2 of arXiv:2305.08891).</summary>
public enum TimestepSpacing
{
    /// <summary><c>leading</c>: multiples of train/steps from 0, plus steps_offset.</summary>
    Leading,

    /// <summary><c>trailing</c>: counted down from the last training timestep.</summary>
    Trailing,

    /// <summary><c>linspace</c>: evenly spaced over [0, train - 1].</summary>
    Linspace,
}
