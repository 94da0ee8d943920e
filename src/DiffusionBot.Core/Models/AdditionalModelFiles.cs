namespace DiffusionBot.Core.Models;

/// <summary>A LoRA file as /loras lists it.</summary>
/// <param name="Name">What a prompt names it with (<c>&lt;lora:Name:1&gt;</c>): the file name without extension.</param>
/// <param name="Family">The model family it seems to be for, with the evidence (e.g. "SD 1.x (its metadata says …)").</param>
/// <param name="Rank">The rank of its layers (the largest when they differ); null when unreadable.</param>
/// <param name="Problem">Why it cannot be used (a corrupt header, a LyCORIS variant), or null.</param>
public sealed record LoraFileInfo(string Name, string Family, int? Rank, long FileBytes, string? Problem);

/// <summary>A textual-inversion embedding as /embeddings lists it.</summary>
/// <param name="Trigger">The word that calls it in a prompt: the file name without extension.</param>
/// <param name="Vectors">How many token positions it takes; null when unreadable.</param>
/// <param name="Width">The width of its vectors (the text encoder's hidden size it fits); null when unreadable.</param>
/// <param name="Family">The family that width points to (768 SD 1.x, 1024 SD 2.x, clip_l/clip_g SDXL).</param>
/// <param name="Problem">Why it cannot be used (pickled, corrupt header, no known tensor), or null.</param>
public sealed record EmbeddingFileInfo(string Trigger, int? Vectors, int? Width, string Family, long FileBytes, string? Problem);

/// <summary>The files of one additional-model folder; <see cref="Configured"/> is false when the bot has no such folder.</summary>
public sealed record AdditionalModelFolder<T>(bool Configured, IReadOnlyList<T> Files);
