using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Upscaling;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Stable Diffusion on ONNX Runtime over a catalogue of models. Thread-safe; models load on first use and
/// stay loaded up to Generator:MaxLoadedModels (least recently used unloads first).
/// Bad requests throw <see cref="DiffusionRequestException"/>; model or configuration problems throw
/// <see cref="DiffusionModelException"/>; cancellation throws <see cref="OperationCanceledException"/>.</summary>
public interface IDiffusionEngine
{
    /// <summary>The catalogue (read once, on first use; start-up reads it first so problems stop the host).</summary>
    Task<Models.FolderModelCatalog> GetCatalogAsync(CancellationToken cancellationToken);

    /// <summary>Names of the models in memory now.</summary>
    IReadOnlyList<string> LoadedModels { get; }

    /// <summary>Checks a request against its model's ranges without running anything; returns the problems (empty when fine).</summary>
    Task<IReadOnlyList<string>> ValidateAsync(GenerationRequest request, CancellationToken cancellationToken);

    /// <summary>The default model's defaults for settings a request leaves out.</summary>
    Task<Models.ModelDefaults> GetModelDefaultsAsync(CancellationToken cancellationToken);

    Task<GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken);

    Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Upscales a PNG by 2 or 4 (ONNX super-resolution when configured, else a SkiaSharp resample).</summary>
    Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken);

    /// <summary>How a prompt parses and chunks for a loaded model (the last used, else the default): tokens, chunks, weights, what would be cut, and
    /// why it would be refused.</summary>
    Task<PromptAnalysis> AnalyzePromptAsync(string prompt, CancellationToken cancellationToken);

    /// <summary>The LoRA files of Generator:LoraPath (name, family, rank, size) from their headers alone; null when no
    /// LoRA folder is configured.</summary>
    Task<IReadOnlyList<LoraFileSummary>?> ListLorasAsync(CancellationToken cancellationToken);

    /// <summary>The embeddings of Generator:EmbeddingPath (trigger, vectors, width, family, size) from their headers
    /// alone; null when no embedding folder is configured.</summary>
    Task<IReadOnlyList<EmbeddingFileSummary>?> ListEmbeddingsAsync(CancellationToken cancellationToken);

    /// <summary>The prompt rules that need the tokenizer as well as the syntax (weights within ±10, at most 10 chunks),
    /// for a check before a job is queued; empty when both texts are fine.</summary>
    Task<IReadOnlyList<string>> CheckPromptsAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken);
}
