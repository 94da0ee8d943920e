using System.Buffers;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>The LoRA files of Generator:LoraPath, found by name (the file name without ".safetensors"). Names
/// never reach the file system unchecked: no separators, no "..", only files directly in the folder.</summary>
internal sealed class LoraLibrary(string? folder)
{
    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.-");

    public const string Extension = ".safetensors";

    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 100 && !name.AsSpan().ContainsAnyExcept(NameChars)
        && !name.Contains("..", StringComparison.Ordinal) && !name.StartsWith('.');

    /// <summary>The file of LoRA <paramref name="name"/>; a clear error when LoRAs are not configured or it does not exist.</summary>
    public FileInfo Resolve(string name)
    {
        if (!IsValidName(name))
            throw new DiffusionRequestException($"'{name}' is not a LoRA name (letters, digits, spaces, '.', '-' and '_' only).");
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            throw new DiffusionRequestException("LoRAs are not available on this bot (no LoRA folder is configured).");
        var file = new FileInfo(Path.Combine(folder, name + Extension));
        if (file.Exists)
            return file;
        var match = Directory.EnumerateFiles(folder, "*" + Extension)
            .FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), name, StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? new FileInfo(match)
            : throw new DiffusionRequestException(LoraSuggestions.Describe(name, Names()));
    }

    /// <summary>Names of the available LoRAs, sorted.</summary>
    public IReadOnlyList<string> Names() =>
        string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder)
            ? []
            : [.. Directory.EnumerateFiles(folder, "*" + Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IsValidName).Order(StringComparer.OrdinalIgnoreCase)];
}
