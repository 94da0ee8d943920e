using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Onnx.Graph;

/// <summary>
/// The nodes and initializer locations of an ONNX model file, read with <see cref="ProtoWireReader"/>: nodes are
/// parsed with the generated <see cref="NodeProto"/> parser, initializers only as far as name, type, shape and the
/// position of their data, which is skipped by seeking. Reading a 1.7 GB UNet this way touches a few megabytes.
/// Values are read on demand with <see cref="ReadSingles"/> / <see cref="ReadHalves"/>, from the model file or from the
/// external data file an initializer names (<c>data_location</c> EXTERNAL, <c>external_data</c> location / offset /
/// length, as every fp32 SD 1.5 UNet over 2 GB is exported): the location must name a file inside the model's folder,
/// and the byte range must lie inside that file.
/// </summary>
public sealed class OnnxGraph
{
    /// <summary>Longest external_data key/value entry read (real ones are a few dozen bytes).</summary>
    private const int MaxExternalDataEntryBytes = 4096;

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
                ReadGraph(reader, reader.ReadLengthEnd(end), nodes, initializers, Path.GetDirectoryName(Path.GetFullPath(modelFile))!);
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
        var expected = initializer.ElementCount * elementSize;
        var length = initializer.DataLength < 0 && initializer.ExternalFile is not null ? expected : initializer.DataLength;
        if (length != expected)
            throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' {initializer.ShapeText} has {length} data bytes; expected {expected}.");
        if (expected > Array.MaxLength)
            throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' {initializer.ShapeText} is too large to change ({expected} bytes).");
        var source = initializer.ExternalFile ?? File;
        FileStream stream;
        try
        {
            stream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' keeps its values in '{Path.GetFileName(source)}', which cannot be opened ({ex.Message}).");
        }

        using (stream)
        {
            if (initializer.DataOffset > stream.Length - length)
                throw new OnnxGraphFormatException($"'{File}' initializer '{initializer.Name}' claims {length} bytes from byte {initializer.DataOffset} of '{Path.GetFileName(source)}', which is {stream.Length} bytes long (truncated or mismatched external data file?).");
            stream.Position = initializer.DataOffset;
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    private static float[] Widen(ReadOnlySpan<Half> halves)
    {
        var result = new float[halves.Length];
        TensorPrimitives.ConvertToSingle(halves, result);
        return result;
    }

    private static void ReadGraph(ProtoWireReader reader, long end, List<NodeProto> nodes, Dictionary<string, OnnxInitializer> initializers, string modelFolder)
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
                var initializer = ReadInitializer(reader, reader.ReadLengthEnd(end), modelFolder);
                initializers[initializer.Name] = initializer;
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private static OnnxInitializer ReadInitializer(ProtoWireReader reader, long end, string modelFolder)
    {
        var dims = new List<long>();
        var dataType = TensorProto.Types.DataType.Undefined;
        var name = string.Empty;
        long offset = -1, length = 0;
        var external = false;
        var externalData = new Dictionary<string, string>(StringComparer.Ordinal);
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
                    external = reader.ReadVarint(end) == (ulong)TensorProto.Types.DataLocation.External;
                    break;
                case TensorProto.ExternalDataFieldNumber when wire == ProtoWireReader.WireLengthDelimited:
                    var entryEnd = reader.ReadLengthEnd(end);
                    if (entryEnd - reader.Position > MaxExternalDataEntryBytes)
                        throw reader.Corrupt($"an external_data entry of {entryEnd - reader.Position} bytes at byte {reader.Position}");
                    var entry = StringStringEntryProto.Parser.ParseFrom(reader.ReadBytes(entryEnd));
                    externalData[entry.Key] = entry.Value;
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

        if (external && problem is null)
            return ExternalInitializer(name, dataType, [.. dims], externalData, modelFolder);
        if (offset < 0 && problem is null)
            problem = "it has no inline raw_data";
        return new OnnxInitializer(name, dataType, [.. dims], problem is null ? offset : -1, problem is null ? length : 0, problem);
    }

    /// <summary>An initializer whose values are in a file beside the model: the location must be a relative path that
    /// stays inside the model's folder, offset and length non-negative integers (the file's own size is checked on reading).</summary>
    private static OnnxInitializer ExternalInitializer(string name, TensorProto.Types.DataType dataType, long[] dims, Dictionary<string, string> entries, string modelFolder)
    {
        OnnxInitializer Unreadable(string problem) => new(name, dataType, dims, -1, 0, problem);

        if (!entries.TryGetValue("location", out var location) || string.IsNullOrWhiteSpace(location))
            return Unreadable("it is marked as external data but names no location");
        if (Path.IsPathRooted(location) || location.Contains(':', StringComparison.Ordinal) || location.Contains('\0', StringComparison.Ordinal))
            return Unreadable($"its external data location '{location}' is not a relative path inside the model's folder");
        var folder = Path.TrimEndingDirectorySeparator(modelFolder) + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(Path.Combine(folder, location));
        if (!file.StartsWith(folder, StringComparison.Ordinal))
            return Unreadable($"its external data location '{location}' points outside the model's folder");
        if (!TryReadNonNegative(entries, "offset", 0, out var offset))
            return Unreadable($"its external data offset '{entries["offset"]}' is not a non-negative integer");
        if (!TryReadNonNegative(entries, "length", -1, out var length))
            return Unreadable($"its external data length '{entries["length"]}' is not a non-negative integer");
        return new OnnxInitializer(name, dataType, dims, offset, length, null, file);
    }

    private static bool TryReadNonNegative(Dictionary<string, string> entries, string key, long absent, out long value)
    {
        value = absent;
        return !entries.TryGetValue(key, out var text)
            || (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 0);
    }
}
