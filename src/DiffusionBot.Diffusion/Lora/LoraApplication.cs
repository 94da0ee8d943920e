namespace DiffusionBot.Diffusion.Lora;

/// <summary>One LoRA with the strength the request asked for.</summary>
internal sealed record LoraApplication(LoraNetwork Network, float Weight);
