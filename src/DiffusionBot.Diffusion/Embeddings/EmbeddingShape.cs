namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>What an embedding file holds without its values: vectors per text encoder and each encoder's width
/// (one width for SD 1.x/2.x, two for SDXL's clip_l and clip_g).</summary>
internal sealed record EmbeddingShape(int Vectors, IReadOnlyList<int> Widths);
