using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Weights;
using DiffusionBot.Diffusion.Weights.Torch;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// Reads textual-inversion embeddings from safetensors: AUTOMATIC1111's layout (<c>emb_params</c>, or a
/// <c>string_to_param.*</c> entry), its SDXL layout (<c>clip_l</c> and <c>clip_g</c>, one per text encoder),
/// diffusers' (<c>learned_embeds</c>, or one tensor named after its token); from <c>.safetensors</c>, or from
/// <c>torch.save</c>'s <c>.pt</c>/<c>.bin</c> through <see cref="TorchSaveFile"/>, which never runs the pickle.
/// </summary>
internal static class TextualInversionReader
{
    /// <summary>Most vectors one embedding may take of the prompt's 75 token positions.</summary>
    public const int MaxVectors = 75;

    /// <summary>AUTOMATIC1111's SDXL tensors: text_encoder's (CLIP ViT-L) and text_encoder_2's (OpenCLIP ViT-bigG).</summary>
    public const string SdxlFirstEncoder = "clip_l";

    public const string SdxlSecondEncoder = "clip_g";

    public static TextualInversion Read(string path)
    {
        var trigger = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (extension is ".pt" or ".bin")
            {
                using var torchFile = TorchSaveFile.Open(path);
                var tensors = torchFile.Tensors.ToDictionary(t => t.Key, t => new EmbeddingTensor(t.Key, t.Value.Shape, () => torchFile.ReadSingles(t.Value)), StringComparer.Ordinal);
                return Read(tensors, trigger);
            }

            using var file = SafetensorsFile.Open(path);
            return Read(file, trigger);
        }
        catch (Exception ex) when (ex is SafetensorsFormatException or TorchSaveFormatException)
        {
            throw new LoraFileException($"Embedding '{trigger}' cannot be used: {ex.Message}", ex);
        }
    }

    public static TextualInversion Read(SafetensorsFile file, string trigger)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tensors = file.Tensors.Values.ToDictionary(t => t.Name, t => new EmbeddingTensor(t.Name, t.Shape, () => file.ReadSingles(t)), StringComparer.Ordinal);
        return Read(tensors, trigger);
    }

    /// <summary>Picks the embedding's tensor(s) among a file's <paramref name="tensors"/> (nested names joined with '.').</summary>
    public static TextualInversion Read(IReadOnlyDictionary<string, EmbeddingTensor> tensors, string trigger)
    {
        if (tensors.TryGetValue(SdxlFirstEncoder, out var clipL) && tensors.TryGetValue(SdxlSecondEncoder, out var clipG))
        {
            var (countL, first) = Vectors(clipL, trigger);
            var (countG, second) = Vectors(clipG, trigger);
            if (countL != countG)
                throw new LoraFileException($"Embedding '{trigger}' has {countL} {SdxlFirstEncoder} vectors but {countG} {SdxlSecondEncoder} vectors; an SDXL embedding has as many of each.");
            return new TextualInversion(trigger, countL, [first, second]);
        }

        var (count, vectors) = Vectors(Pick(tensors, trigger), trigger);
        return new TextualInversion(trigger, count, [vectors]);
    }

    private static (int Count, EmbeddingVectors Vectors) Vectors(EmbeddingTensor tensor, string trigger)
    {
        if (tensor.Shape.Length is not (1 or 2) || tensor.Shape[^1] is < 1 or > int.MaxValue)
            throw new LoraFileException($"Embedding '{trigger}' tensor '{tensor.Name}' has shape {tensor.ShapeText}; expected [vectors, width] or [width].");
        var count = tensor.Shape.Length == 1 ? 1 : tensor.Shape[0];
        if (count is < 1 or > MaxVectors)
            throw new LoraFileException($"Embedding '{trigger}' has {count} vectors; between 1 and {MaxVectors} are accepted.");
        return ((int)count, new EmbeddingVectors(tensor.Name, tensor.Read(), (int)tensor.Shape[^1]));
    }

    private static EmbeddingTensor Pick(IReadOnlyDictionary<string, EmbeddingTensor> tensors, string trigger)
    {
        if (tensors.TryGetValue("emb_params", out var a1111))
            return a1111;
        if (tensors.TryGetValue("learned_embeds", out var diffusers))
            return diffusers;
        var stringToParam = tensors.Values.Where(t => t.Name.StartsWith("string_to_param.", StringComparison.Ordinal)).ToList();
        if (stringToParam.Count == 1)
            return stringToParam[0];
        if (tensors.ContainsKey(SdxlFirstEncoder) || tensors.ContainsKey(SdxlSecondEncoder))
            throw new LoraFileException($"Embedding '{trigger}' has only one of {SdxlFirstEncoder} and {SdxlSecondEncoder}; an SDXL embedding needs both.");
        if (tensors.Count == 1)
            return tensors.Values.First();
        throw new LoraFileException($"Embedding '{trigger}' has no emb_params, string_to_param, learned_embeds or {SdxlFirstEncoder}/{SdxlSecondEncoder} tensors (it has: {string.Join(", ", tensors.Keys.Take(5))}).");
    }
}
