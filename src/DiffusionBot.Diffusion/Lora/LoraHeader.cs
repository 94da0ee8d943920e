namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA file as its safetensors header describes it (no tensor data read).</summary>
/// <param name="Rank">The largest layer rank, or null when no layer is complete.</param>
/// <param name="Problem">Why the file could not be applied, or null.</param>
internal sealed record LoraHeader(string Name, LoraFamilyEvidence Evidence, int? Rank, string? Problem);
