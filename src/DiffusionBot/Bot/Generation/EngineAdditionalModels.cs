using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Bot.Generation;

/// <summary>Core's <see cref="IAdditionalModels"/> on the engine's header-only LoRA and embedding listings.</summary>
internal sealed class EngineAdditionalModels(IDiffusionEngine engine) : IAdditionalModels
{
    public async Task<AdditionalModelFolder<LoraFileInfo>> ListLorasAsync(CancellationToken cancellationToken) =>
        await engine.ListLorasAsync(cancellationToken) is { } loras
            ? new(true, [.. loras.Select(l => new LoraFileInfo(l.Name, l.Family, l.Rank, l.FileBytes, l.Problem))])
            : new(false, []);

    public async Task<AdditionalModelFolder<EmbeddingFileInfo>> ListEmbeddingsAsync(CancellationToken cancellationToken) =>
        await engine.ListEmbeddingsAsync(cancellationToken) is { } embeddings
            ? new(true, [.. embeddings.Select(e => new EmbeddingFileInfo(e.Trigger, e.Vectors, e.Width, e.Family, e.FileBytes, e.Problem))])
            : new(false, []);
}
