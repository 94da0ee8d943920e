namespace DiffusionBot.Diffusion.Lora;

/// <summary>The key naming of a LoRA file.</summary>
public enum LoraKeyLayout
{
    /// <summary>kohya-ss / AUTOMATIC1111: <c>lora_unet_…</c>, <c>lora_te_…</c>, <c>lora_te1_…</c>/<c>lora_te2_…</c>
    /// with <c>.lora_down.weight</c>, <c>.lora_up.weight</c>, <c>.alpha</c>.</summary>
    Kohya,

    /// <summary>diffusers / PEFT: <c>unet.….lora_A.weight</c>, <c>….lora_B.weight</c>, <c>text_encoder.…</c>.</summary>
    Peft,
}
