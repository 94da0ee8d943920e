using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>A textual-inversion file of Generator:EmbeddingPath as a listing shows it.</summary>
/// <param name="Trigger">The word that calls it in a prompt (the file name without extension).</param>
/// <param name="Vectors">Token positions it takes; null when its header could not be read.</param>
/// <param name="Width">Width of its vectors, i.e. of the text encoder it fits; null when unreadable.</param>
/// <param name="Family">The family that width belongs to (768 SD 1.x, 1024 SD 2.x; clip_l/clip_g SDXL).</param>
/// <param name="Problem">Why it is not loaded (pickled, corrupt, unknown layout, SDXL), or null.</param>
public sealed record EmbeddingFileSummary(string Trigger, int? Vectors, int? Width, string Family, long FileBytes, string? Problem);

/// <summary>Lists the embeddings of a folder from their safetensors headers alone (capped and checked by
/// <see cref="SafetensorsFile"/>; no tensor data is read, pickled files are never opened).</summary>
internal static class EmbeddingCatalog
{
    /// <summary>Null when no folder is configured or it does not exist.</summary>
    public static IReadOnlyList<EmbeddingFileSummary>? List(string? folder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            return null;
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".safetensors" or ".pt" or ".bin")
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
        var list = new List<EmbeddingFileSummary>(files.Count);
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            list.Add(Summarize(new FileInfo(path)));
        }

        return list;
    }

    /// <summary>The family a text encoder of this hidden width belongs to.</summary>
    public static string FamilyOf(int width) => width switch
    {
        768 => "SD 1.x",
        1024 => "SD 2.x",
        _ => "no known family",
    };

    private static EmbeddingFileSummary Summarize(FileInfo file)
    {
        var trigger = Path.GetFileNameWithoutExtension(file.Name);
        if (!file.Extension.Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
            return new(trigger, null, null, "unknown", file.Length, "a pickled PyTorch file, which is not loaded for safety; convert it to .safetensors");
        try
        {
            using var safetensors = SafetensorsFile.Open(file.FullName);
            if (safetensors.Tensors.TryGetValue("clip_l", out var clipL) && safetensors.Tensors.ContainsKey("clip_g"))
            {
                var (vectors, width) = TextualInversionReader.Shape(clipL, trigger);
                return new(trigger, vectors, width, "SDXL (clip_l/clip_g)", file.Length, "SDXL embeddings are not loaded yet");
            }

            var (count, w) = TextualInversionReader.Shape(TextualInversionReader.Pick(safetensors, trigger), trigger);
            return new(trigger, count, w, FamilyOf(w), file.Length, null);
        }
        catch (LoraFileException ex)
        {
            return new(trigger, null, null, "unknown", file.Length, ex.Message);
        }
        catch (SafetensorsFormatException ex)
        {
            return new(trigger, null, null, "unknown", file.Length, ex.Message);
        }
        catch (IOException ex)
        {
            return new(trigger, null, null, "unknown", file.Length, $"it could not be read ({ex.Message})");
        }
        catch (UnauthorizedAccessException)
        {
            return new(trigger, null, null, "unknown", file.Length, "the bot may not read it");
        }
    }
}
