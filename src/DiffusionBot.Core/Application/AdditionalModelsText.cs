using System.Globalization;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>The /loras and /embeddings answers: one line per file, for an embed description, cut with "…and N more".</summary>
public static class AdditionalModelsText
{
    public const string LorasTitle = "LoRAs";
    public const string EmbeddingsTitle = "Embeddings";

    /// <summary>How much of a file's problem one line repeats.</summary>
    public const int ProblemExcerpt = 150;

    public static string Loras(AdditionalModelFolder<LoraFileInfo> folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!folder.Configured) return "LoRAs are not available on this bot (no LoRA folder is configured).";
        if (folder.Files.Count == 0) return "The LoRA folder holds no .safetensors files.";
        return TextFit.Lines("Use one in a prompt with `<lora:name:weight>` (weight −2…2, default 1).",
            [.. folder.Files.Select(LoraLine)], MessageLimits.EmbedDescription);
    }

    public static string Embeddings(AdditionalModelFolder<EmbeddingFileInfo> folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!folder.Configured) return "Embeddings are not available on this bot (no embedding folder is configured).";
        if (folder.Files.Count == 0) return "The embedding folder holds no embedding files.";
        return TextFit.Lines("Write an embedding's trigger word in a prompt to use it.",
            [.. folder.Files.Select(EmbeddingLine)], MessageLimits.EmbedDescription);
    }

    public static string LoraLine(LoraFileInfo lora)
    {
        ArgumentNullException.ThrowIfNull(lora);
        var rank = lora.Rank is { } r ? string.Create(CultureInfo.InvariantCulture, $"rank {r} · ") : "";
        return $"`{lora.Name}` — {lora.Family} · {rank}{Bytes(lora.FileBytes)}{Problem(lora.Problem)}";
    }

    public static string EmbeddingLine(EmbeddingFileInfo embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var shape = embedding is { Vectors: { } v, Width: { } w }
            ? string.Create(CultureInfo.InvariantCulture, $"{v} vector{(v == 1 ? "" : "s")} · {w} wide · ")
            : "";
        return $"`{embedding.Trigger}` — {shape}{embedding.Family} · {Bytes(embedding.FileBytes)}{Problem(embedding.Problem)}";
    }

    /// <summary>"336 B", "63.5 KiB", "144.0 MiB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    private static string Problem(string? problem) =>
        problem is null ? "" : " — ⚠️ " + TextFit.Truncate(problem.ReplaceLineEndings(" "), ProblemExcerpt);
}
