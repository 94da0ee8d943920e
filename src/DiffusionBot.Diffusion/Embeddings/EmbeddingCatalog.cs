using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>A textual-inversion file of Generator:EmbeddingPath as a listing shows it.</summary>
/// <param name="Trigger">The word that calls it in a prompt (the file name without extension).</param>
/// <param name="Vectors">Token positions it takes; null when its header could not be read.</param>
/// <param name="Width">Width of its vectors, i.e. of the text encoder it fits; null when unreadable.</param>
/// <param name="Family">The family that width belongs to (768 SD 1.x, 1024 SD 2.x; clip_l/clip_g SDXL).</param>
/// <param name="Problem">Why it cannot be loaded (corrupt, unknown layout, refused pickle), or null.</param>
public sealed record EmbeddingFileSummary(string Trigger, int? Vectors, int? Width, string Family, long FileBytes, string? Problem);

/// <summary>Lists the embeddings of a folder from their headers alone: safetensors headers (capped and checked by
/// <see cref="SafetensorsFile"/>) and PyTorch pickles through the restricted reader; no vector is read.</summary>
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
        try
        {
            var shape = TextualInversionReader.Describe(file.FullName);
            return shape.Widths.Count == 2
                ? new(trigger, shape.Vectors, shape.Widths[0], "SDXL (clip_l/clip_g)", file.Length, null)
                : new(trigger, shape.Vectors, shape.Widths[0], FamilyOf(shape.Widths[0]), file.Length, null);
        }
        catch (LoraFileException ex)
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
