namespace DiffusionBot.Diffusion.Lora;

/// <summary>The model parts a LoRA can change (the ONNX file each one lives in).</summary>
public enum LoraComponent
{
    Unet,
    TextEncoder,
    TextEncoder2,
}
