using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA file of Generator:LoraPath as a listing shows it.</summary>
/// <param name="Name">The name a prompt uses (<c>&lt;lora:Name&gt;</c>).</param>
/// <param name="Family">The family it seems to be for, with what points to it ("SD 1.x (its metadata says …)").</param>
/// <param name="Rank">The largest layer rank; null when the header has no complete layer.</param>
/// <param name="Problem">Why it cannot be applied (corrupt header, LyCORIS variant, no LoRA layers), or null.</param>
public sealed record LoraFileSummary(string Name, string Family, int? Rank, long FileBytes, string? Problem);

/// <summary>Lists the LoRA files of a folder from their safetensors headers alone (capped and checked by
/// <see cref="SafetensorsFile"/>; no tensor data is read).</summary>
internal static class LoraCatalog
{
    /// <summary>Null when no folder is configured or it does not exist.</summary>
    public static IReadOnlyList<LoraFileSummary>? List(string? folder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            return null;
        var list = new List<LoraFileSummary>();
        foreach (var name in new LoraLibrary(folder).Names())
        {
            cancellationToken.ThrowIfCancellationRequested();
            list.Add(Summarize(new FileInfo(Path.Combine(folder, name + LoraLibrary.Extension)), name));
        }

        return list;
    }

    private static LoraFileSummary Summarize(FileInfo file, string name)
    {
        try
        {
            using var safetensors = SafetensorsFile.Open(file.FullName);
            var header = LoraFileReader.ReadHeader(safetensors, name);
            var (family, reason) = LoraFamilyGuess.Guess(header.Evidence);
            return new LoraFileSummary(name, reason is null ? family : $"{family} ({reason})", header.Rank, file.Length, header.Problem);
        }
        catch (SafetensorsFormatException ex)
        {
            return Unreadable(file, name, ex.Message);
        }
        catch (IOException ex)
        {
            return Unreadable(file, name, $"it could not be read ({ex.Message})");
        }
        catch (UnauthorizedAccessException)
        {
            return Unreadable(file, name, "the bot may not read it");
        }
    }

    private static LoraFileSummary Unreadable(FileInfo file, string name, string problem) =>
        new(name, "unknown", null, file.Exists ? file.Length : 0, problem);
}
