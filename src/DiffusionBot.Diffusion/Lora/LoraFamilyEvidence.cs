namespace DiffusionBot.Diffusion.Lora;

/// <summary>What a LoRA file says about its model family, gathered from a parsed file or from its header alone.</summary>
/// <param name="Keys">Module keys and unrecognised tensor keys.</param>
/// <param name="TextWidth">Input width of the first text-encoder <c>q_proj</c> layer, if any.</param>
/// <param name="CrossWidth">Input width of the first UNet <c>attn2_to_k</c> layer (the text width cross-attention takes), if any.</param>
internal sealed record LoraFamilyEvidence(
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> Keys,
    bool HasTextEncoder2,
    long? TextWidth,
    long? CrossWidth)
{
    public static LoraFamilyEvidence Of(LoraNetwork network) => new(
        network.Metadata,
        [.. network.Modules.Select(m => m.Key), .. network.UnrecognisedKeys],
        network.Modules.Any(m => m.Component == LoraComponent.TextEncoder2),
        network.Modules.FirstOrDefault(m => m.Component == LoraComponent.TextEncoder && m.FlatName.EndsWith("q_proj", StringComparison.Ordinal))?.InFeatures,
        network.Modules.FirstOrDefault(m => m.Component == LoraComponent.Unet && m.FlatName.EndsWith("attn2_to_k", StringComparison.Ordinal))?.InFeatures);
}
