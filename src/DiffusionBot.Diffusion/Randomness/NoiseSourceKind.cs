namespace DiffusionBot.Diffusion.Randomness;

/// <summary>How initial latents and ancestral noise are drawn from a seed (<c>Generator:NoiseSource</c>).</summary>
public enum NoiseSourceKind
{
    /// <summary>PyTorch's CPU generator (<see cref="TorchCpuGaussianNoise"/>): the values ComfyUI, diffusers with a CPU
    /// generator and AUTOMATIC1111's "CPU" source produce for the same seed.</summary>
    Cpu,

    /// <summary>AUTOMATIC1111's "NV" source (<see cref="PhiloxGaussianNoise"/>), which reproduces PyTorch's CUDA
    /// generator on NVIDIA GPUs.</summary>
    Nv,

    /// <summary>The bot's original generator (<see cref="XoshiroGaussianNoise"/>), kept so images made before the
    /// other sources existed can be re-rolled and varied consistently.</summary>
    Xoshiro,
}
