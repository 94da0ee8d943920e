using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Onnx.Graph;

/// <summary>
/// The nodes and initializer locations of an ONNX model file, read with <see cref="ProtoWireReader"/>: nodes are
/// parsed with the generated <see cref="NodeProto"/> parser, initializers only as far as name, type, shape and the
/// position of their data, which is skipped by seeking. Reading a 1.7 GB UNet this way touches a few megabytes.
/// Values are read on demand with <see cref="ReadSingles"/> / <see cref="ReadHalves"/>.
/// </summary>
public sealed class OnnxGraph
{
    private readonly Dictionary<string, OnnxInitializer> _initializers;

    private OnnxGraph(string file, List<NodeProto> nodes, Dictionary<string, OnnxInitializer> initializers)
    {
        File = file;
        Nodes = nodes;
        _initializers = initializers;
    }

    public string File { get; }

    public IReadOnlyList<NodeProto> Nodes { get; }

    public IReadOnlyDictionary<string, OnnxInitializer> Initializers => _initializers;

    public static OnnxGraph Read(string modelFile)
    {
        using var stream = new FileStream(modelFile, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var reader = new ProtoWireReader(stream, modelFile);
        var nodes = new List<NodeProto>();
        var initializers = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        var end = stream.Length;
        var sawGraph = false;
        while (reader.ReadTag(end) is (var field, var wire) and not (0, _))
        {
            if (field == ModelProto.GraphFieldNumber && wire == ProtoWireReader.WireLengthDelimited)
            {
                ReadGraph(reader, reader.ReadLengthEnd(end), nodes, initializers);
                sawGraph = true;
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        if (!sawGraph)
            throw reader.Corrupt("it has no graph");
        return new OnnxGraph(modelFile, nodes, initializers);
    }

    /// <summary>The initializer's values as float32 (float16 is widened).</summary>
    public float[] ReadSingles(OnnxInitializer initializer)
    {
        var bytes = ReadData(initializer);
        return initializer.DataType switch
        {
            TensorProto.Types.DataType.Float => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            TensorProto.Types.DataType.Float16 => Widen(MemoryMarshal.Cast<byte, Half>(bytes)),
            _ => throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' is {initializer.DataType}; only float32 and float16 weights can be changed."),
        };
    }

    /// <summary>The raw values of a float16 initializer.</summary>
    public Half[] ReadHalves(OnnxInitializer initializer)
    {
        if (initializer.DataType != TensorProto.Types.DataType.Float16)
            throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' is {initializer.DataType}, not float16.");
        return MemoryMarshal.Cast<byte, Half>(ReadData(initializer)).ToArray();
    }

    private byte[] ReadData(OnnxInitializer initializer)
    {
        if (initializer.StorageProblem is { } problem)
            throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' cannot be read: {problem}.");
        var elementSize = initializer.DataType switch
        {
            TensorProto.Types.DataType.Float => 4,
            TensorProto.Types.DataType.Float16 => 2,
            _ => throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' is {initializer.DataType}; only float32 and float16 weights can be changed."),
        };
        if (initializer.DataLength != initializer.ElementCount * elementSize)
            throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' {initializer.ShapeText} has {initializer.DataLength} data bytes; expected {initializer.ElementCount * elementSize}.");
        using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        stream.Position = initializer.DataOffset;
        var bytes = new byte[initializer.DataLength];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static float[] Widen(ReadOnlySpan<Half> halves)
    {
        var result = new float[halves.Length];
        TensorPrimitives.ConvertToSingle(halves, result);
        return result;
    }

    private static void ReadGraph(ProtoWireReader reader, long end, List<NodeProto> nodes, Dictionary<string, OnnxInitializer> initializers)
    {
        while (reader.ReadTag(end) is (var field, var wire) and not (0, _))
        {
            if (field == GraphProto.NodeFieldNumber && wire == ProtoWireReader.WireLengthDelimited)
            {
                var payloadEnd = reader.ReadLengthEnd(end);
                nodes.Add(NodeProto.Parser.ParseFrom(reader.ReadBytes(payloadEnd)));
            }
            else if (field == GraphProto.InitializerFieldNumber && wire == ProtoWireReader.WireLengthDelimited)
            {
                var initializer = ReadInitializer(reader, reader.ReadLengthEnd(end));
                initializers[initializer.Name] = initializer;
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private static OnnxInitializer ReadInitializer(ProtoWireReader reader, long end)
    {
        var dims = new List<long>();
        var dataType = TensorProto.Types.DataType.Undefined;
        var name = string.Empty;
        long offset = -1, length = 0;
        string? problem = null;
        while (reader.ReadTag(end) is (var field, var wire) and not (0, _))
        {
            switch (field)
            {
                case TensorProto.DimsFieldNumber when wire == ProtoWireReader.WireVarint:
                    dims.Add((long)reader.ReadVarint(end));
                    break;
                case TensorProto.DimsFieldNumber when wire == ProtoWireReader.WireLengthDelimited:
                    var dimsEnd = reader.ReadLengthEnd(end);
                    while (reader.Position < dimsEnd)
                        dims.Add((long)reader.ReadVarint(dimsEnd));
                    break;
                case TensorProto.DataTypeFieldNumber when wire == ProtoWireReader.WireVarint:
                    dataType = (TensorProto.Types.DataType)(int)reader.ReadVarint(end);
                    break;
                case TensorProto.NameFieldNumber when wire == ProtoWireReader.WireLengthDelimited:
                    name = reader.ReadString(reader.ReadLengthEnd(end));
                    break;
                case TensorProto.RawDataFieldNumber or TensorProto.FloatDataFieldNumber when wire == ProtoWireReader.WireLengthDelimited:
                    var dataEnd = reader.ReadLengthEnd(end);
                    offset = reader.Position;
                    length = dataEnd - offset;
                    reader.SeekTo(dataEnd);
                    break;
                case TensorProto.DataLocationFieldNumber when wire == ProtoWireReader.WireVarint:
                    if (reader.ReadVarint(end) == (ulong)TensorProto.Types.DataLocation.External)
                        problem = "its data is stored in an external file beside the model (external data is not supported for weight overrides; export the model as a single file, e.g. fp16)";
                    break;
                case TensorProto.Int32DataFieldNumber:
                    problem = "its values are stored as int32_data, not raw_data";
                    reader.Skip(wire, end);
                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }

        if (offset < 0 && problem is null)
            problem = "it has no inline raw_data";
        return new OnnxInitializer(name, dataType, [.. dims], problem is null ? offset : -1, problem is null ? length : 0, problem);
    }
}
