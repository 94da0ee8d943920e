namespace DiffusionBot.Diffusion.Models;

/// <summary>The architecture of a model folder, read from its configs (never configured by hand).</summary>
public enum ModelFamily
{
    /// <summary>Stable Diffusion 1.x: one CLIP text encoder, its last hidden state conditions the UNet.</summary>
    StableDiffusion1,

    /// <summary>Stable Diffusion 2.x (OpenCLIP text encoder, linear attention projections; often v-prediction).</summary>
    StableDiffusion2,

    /// <summary>Stable Diffusion XL: two text encoders (penultimate hidden states concatenated), pooled text
    /// embeddings and size/crop time ids as extra UNet inputs.</summary>
    StableDiffusionXL,
}

/// <summary>Whether a model was distilled to run in a few steps without classifier-free guidance.</summary>
public enum ModelDistillation
{
    /// <summary>A base model: many steps, classifier-free guidance.</summary>
    None,

    /// <summary>Adversarial diffusion distillation (SD-Turbo, SDXL-Turbo): 1–4 steps, guidance 0, trailing timesteps.</summary>
    Turbo,

    /// <summary>Latent consistency model: 2–8 steps of the LCM scheduler.</summary>
    LatentConsistency,
}
