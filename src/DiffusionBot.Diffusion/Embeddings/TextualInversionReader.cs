using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// Reads textual-inversion embeddings from safetensors: AUTOMATIC1111's layout (<c>emb_params</c>, or a
/// <c>string_to_param.*</c> entry), diffusers' (<c>learned_embeds</c>, or one tensor named after its token).
/// Pickled .pt/.bin files are refused with a request to convert them (unpickling runs arbitrary code).
/// </summary>
internal static class TextualInversionReader
{
    /// <summary>Most vectors one embedding may take of the prompt's 75 token positions.</summary>
    public const int MaxVectors = 75;

    public static TextualInversion Read(string path)
    {
        var trigger = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".pt" or ".bin" or ".ckpt")
            throw new LoraFileException($"Embedding '{trigger}' is a pickled PyTorch file ({extension}), which is not loaded for safety; convert it to .safetensors.");
        try
        {
            using var file = SafetensorsFile.Open(path);
            return Read(file, trigger);
        }
        catch (SafetensorsFormatException ex)
        {
            throw new LoraFileException($"Embedding '{trigger}' cannot be used: {ex.Message}", ex);
        }
    }

    public static TextualInversion Read(SafetensorsFile file, string trigger)
    {
        var tensor = Pick(file, trigger);
        var (count, width) = Shape(tensor, trigger);
        return new TextualInversion(trigger, file.ReadSingles(tensor), count, width);
    }

    /// <summary>The vector count and width of an embedding tensor, from its header entry; a clear error when they do not fit.</summary>
    public static (int Count, int Width) Shape(SafetensorsTensor tensor, string trigger)
    {
        if (tensor.Rank is not (1 or 2) || tensor.Shape[^1] is 0 or > int.MaxValue)
            throw new LoraFileException($"Embedding '{trigger}' tensor '{tensor.Name}' has shape {tensor.ShapeText}; expected [vectors, width] or [width].");
        var count = tensor.Rank == 1 ? 1 : tensor.Shape[0];
        if (count is < 1 or > MaxVectors)
            throw new LoraFileException($"Embedding '{trigger}' has {count} vectors; between 1 and {MaxVectors} are accepted.");
        return ((int)count, (int)tensor.Shape[^1]);
    }

    /// <summary>The tensor holding the vectors, by the layouts this reader knows; a clear error for any other.</summary>
    public static SafetensorsTensor Pick(SafetensorsFile file, string trigger)
    {
        if (file.Tensors.TryGetValue("emb_params", out var a1111))
            return a1111;
        if (file.Tensors.TryGetValue("learned_embeds", out var diffusers))
            return diffusers;
        var stringToParam = file.Tensors.Values.Where(t => t.Name.StartsWith("string_to_param.", StringComparison.Ordinal)).ToList();
        if (stringToParam.Count == 1)
            return stringToParam[0];
        if (file.Tensors.Count == 1)
            return file.Tensors.Values.First();
        if (file.Tensors.ContainsKey("clip_l") || file.Tensors.ContainsKey("clip_g"))
            throw new LoraFileException($"Embedding '{trigger}' is an SDXL embedding (clip_l/clip_g); SDXL embeddings are not supported yet.");
        throw new LoraFileException($"Embedding '{trigger}' has no emb_params, string_to_param or learned_embeds tensor (it has: {string.Join(", ", file.Tensors.Keys.Take(5))}).");
    }
}
