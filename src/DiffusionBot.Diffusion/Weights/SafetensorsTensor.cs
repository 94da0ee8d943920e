namespace DiffusionBot.Diffusion.Weights;

/// <summary>One tensor entry of a safetensors header, already checked to lie inside the file's data section.</summary>
/// <param name="Begin">Byte offset of the first element, relative to the start of the data section.</param>
public sealed record SafetensorsTensor(string Name, string DType, long[] Shape, long Begin, long ByteLength)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public int Rank => Shape.Length;

    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
