using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Onnx.Graph;

/// <summary>Where an initializer's values are: its name, element type, shape and the byte range of its raw data
/// (or packed float_data) in the model file, or in an external data file beside it, found without reading the values.</summary>
/// <param name="DataOffset">Absolute byte offset of the little-endian values in the model file (or in
/// <paramref name="ExternalFile"/>); -1 when the values cannot be read (see <see cref="StorageProblem"/>).</param>
/// <param name="DataLength">Bytes of the values; -1 for external data that gives no length (the tensor's size applies).</param>
/// <param name="ExternalFile">Full path of the external data file (inside the model's folder), or null for inline values.</param>
public sealed record OnnxInitializer(string Name, TensorProto.Types.DataType DataType, long[] Dims, long DataOffset, long DataLength, string? StorageProblem,
    string? ExternalFile = null)
{
    public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => $"[{string.Join(", ", Dims)}]";
}
