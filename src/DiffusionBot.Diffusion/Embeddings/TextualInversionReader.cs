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

    public static TextualInversion Read(string path) =>
        WithTensors(path, (tensors, trigger) => Read(tensors, trigger));

    /// <summary>The vector count and the width for each text encoder, from the file's header (safetensors) or its
    /// pickle (PyTorch) alone: no vector is read. Throws <see cref="LoraFileException"/> as <see cref="Read(string)"/> does.</summary>
    public static EmbeddingShape Describe(string path) =>
        WithTensors(path, (tensors, trigger) =>
        {
            var picked = Select(tensors, trigger);
            return new EmbeddingShape(picked.Count, [.. picked.Tensors.Select(t => Width(t))]);
        });

    private static T WithTensors<T>(string path, Func<IReadOnlyDictionary<string, EmbeddingTensor>, string, T> use)
    {
        var trigger = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (extension is ".pt" or ".bin")
            {
                using var torchFile = TorchSaveFile.Open(path);
                var tensors = torchFile.Tensors.ToDictionary(t => t.Key, t => new EmbeddingTensor(t.Key, t.Value.Shape, () => torchFile.ReadSingles(t.Value)), StringComparer.Ordinal);
                return use(tensors, trigger);
            }

            using var file = SafetensorsFile.Open(path);
            return use(Tensors(file), trigger);
        }
        catch (Exception ex) when (ex is SafetensorsFormatException or TorchSaveFormatException)
        {
            throw new LoraFileException($"Embedding '{trigger}' cannot be used: {ex.Message}", ex);
        }
    }

    public static TextualInversion Read(SafetensorsFile file, string trigger)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Read(Tensors(file), trigger);
    }

    private static Dictionary<string, EmbeddingTensor> Tensors(SafetensorsFile file) =>
        file.Tensors.Values.ToDictionary(t => t.Name, t => new EmbeddingTensor(t.Name, t.Shape, () => file.ReadSingles(t)), StringComparer.Ordinal);

    /// <summary>Picks the embedding's tensor(s) among a file's <paramref name="tensors"/> (nested names joined with '.').</summary>
    public static TextualInversion Read(IReadOnlyDictionary<string, EmbeddingTensor> tensors, string trigger)
    {
        var picked = Select(tensors, trigger);
        return new TextualInversion(trigger, picked.Count, [.. picked.Tensors.Select(t => new EmbeddingVectors(t.Name, t.Read(), Width(t)))]);
    }

    /// <summary>The tensor per text encoder (one, or SDXL's two) and their common vector count, checked from shapes.</summary>
    private static (int Count, IReadOnlyList<EmbeddingTensor> Tensors) Select(IReadOnlyDictionary<string, EmbeddingTensor> tensors, string trigger)
    {
        if (tensors.TryGetValue(SdxlFirstEncoder, out var clipL) && tensors.TryGetValue(SdxlSecondEncoder, out var clipG))
        {
            var countL = Count(clipL, trigger);
            var countG = Count(clipG, trigger);
            if (countL != countG)
                throw new LoraFileException($"Embedding '{trigger}' has {countL} {SdxlFirstEncoder} vectors but {countG} {SdxlSecondEncoder} vectors; an SDXL embedding has as many of each.");
            return (countL, [clipL, clipG]);
        }

        var tensor = Pick(tensors, trigger);
        return (Count(tensor, trigger), [tensor]);
    }

    private static int Count(EmbeddingTensor tensor, string trigger)
    {
        if (tensor.Shape.Length is not (1 or 2) || tensor.Shape[^1] is < 1 or > int.MaxValue)
            throw new LoraFileException($"Embedding '{trigger}' tensor '{tensor.Name}' has shape {tensor.ShapeText}; expected [vectors, width] or [width].");
        var count = tensor.Shape.Length == 1 ? 1 : tensor.Shape[0];
        if (count is < 1 or > MaxVectors)
            throw new LoraFileException($"Embedding '{trigger}' has {count} vectors; between 1 and {MaxVectors} are accepted.");
        return (int)count;
    }

    private static int Width(EmbeddingTensor tensor) => (int)tensor.Shape[^1];

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
