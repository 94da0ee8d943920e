namespace DiffusionBot.Diffusion.Lora;

/// <summary>A parsed LoRA file: its layer updates and what else was in it.</summary>
/// <param name="Name">The LoRA's name (its file name without extension), used in messages.</param>
/// <param name="UnrecognisedKeys">Tensor keys that are not a LoRA layer of a known layout (counted as unmatched).</param>
internal sealed record LoraNetwork(
    string Name,
    LoraKeyLayout Layout,
    IReadOnlyList<LoraModule> Modules,
    IReadOnlyList<string> UnrecognisedKeys,
    IReadOnlyDictionary<string, string> Metadata);
