using DiffusionBot.Core.Models;

namespace DiffusionBot.Core.Ports;

/// <summary>The LoRAs and textual-inversion embeddings the generator offers, read from their files' headers.</summary>
public interface IAdditionalModels
{
    Task<AdditionalModelFolder<LoraFileInfo>> ListLorasAsync(CancellationToken cancellationToken);

    Task<AdditionalModelFolder<EmbeddingFileInfo>> ListEmbeddingsAsync(CancellationToken cancellationToken);
}
