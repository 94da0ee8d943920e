namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>A tensor of an embedding file, by its (dotted) name and shape, read only when picked: the same picking
/// rules serve safetensors and pickled PyTorch files.</summary>
internal sealed record EmbeddingTensor(string Name, long[] Shape, Func<float[]> Read)
{
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
