using DiffusionBot.Core.Models;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>Lists the LoRA files of a folder from their safetensors headers alone (capped and checked by
/// <see cref="SafetensorsFile"/>; no tensor data is read).</summary>
internal static class LoraCatalog
{
    /// <summary>Null when no folder is configured or it does not exist.</summary>
    public static IReadOnlyList<LoraFileInfo>? List(string? folder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            return null;
        var list = new List<LoraFileInfo>();
        foreach (var name in new LoraLibrary(folder).Names())
        {
            cancellationToken.ThrowIfCancellationRequested();
            list.Add(Summarize(new FileInfo(Path.Combine(folder, name + LoraLibrary.Extension)), name));
        }

        return list;
    }

    private static LoraFileInfo Summarize(FileInfo file, string name)
    {
        try
        {
            using var safetensors = SafetensorsFile.Open(file.FullName);
            var header = LoraFileReader.ReadHeader(safetensors, name);
            var (family, reason) = LoraFamilyGuess.Guess(header.Evidence);
            return new LoraFileInfo(name, reason is null ? family : $"{family} ({reason})", header.Rank, file.Length, header.Problem);
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

    private static LoraFileInfo Unreadable(FileInfo file, string name, string problem) =>
        new(name, "unknown", null, file.Exists ? file.Length : 0, problem);
}
