using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The LoRA and embedding listings: headers only, off the caller's thread.</summary>
public sealed partial class DiffusionEngine
{
    public Task<IReadOnlyList<LoraFileSummary>?> ListLorasAsync(CancellationToken cancellationToken) =>
        Task.Run(() => LoraCatalog.List(_options.LoraPath, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<EmbeddingFileSummary>?> ListEmbeddingsAsync(CancellationToken cancellationToken) =>
        Task.Run(() => EmbeddingCatalog.List(_options.EmbeddingPath, cancellationToken), cancellationToken);
}
