using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Onnx.Graph;

/// <summary>Where an initializer's values are in the model file: its name, element type, shape and the byte range
/// of its raw data (or packed float_data), found without reading the values.</summary>
/// <param name="DataOffset">Absolute byte offset of the little-endian values in the model file; -1 when the values
/// are not stored inline (see <see cref="StorageProblem"/>).</param>
public sealed record OnnxInitializer(string Name, TensorProto.Types.DataType DataType, long[] Dims, long DataOffset, long DataLength, string? StorageProblem)
{
    public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => $"[{string.Join(", ", Dims)}]";
}
