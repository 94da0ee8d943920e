using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace DiffusionBot.Diffusion.Weights;

/// <summary>
/// Reads the safetensors format (8-byte little-endian header length, a JSON header, then the raw data) without
/// trusting it: the header size is capped, every tensor's offsets and shape are checked against the file before
/// anything is read, and memory is only ever allocated for bytes the file really holds.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>Largest accepted JSON header (the reference implementation's limit too).</summary>
    public const int MaxHeaderBytes = 100 * 1024 * 1024;

    private const int MaxRank = 8;

    private readonly Stream _stream;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsTensor> _tensors;

    private SafetensorsFile(Stream stream, string displayName, long dataStart, Dictionary<string, SafetensorsTensor> tensors, Dictionary<string, string> metadata)
    {
        _stream = stream;
        DisplayName = displayName;
        _dataStart = dataStart;
        _tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The name used in error messages (the file name, never a server path).</summary>
    public string DisplayName { get; }

    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors => _tensors;

    /// <summary>The optional "__metadata__" string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            return Read(stream, Path.GetFileName(path));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Parses the header of a seekable stream, which the returned file then owns.</summary>
    public static SafetensorsFile Read(Stream stream, string displayName)
    {
        if (!stream.CanSeek || !stream.CanRead)
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw Bad(displayName, $"it is {fileLength} bytes long, too short for a safetensors header");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw Bad(displayName, $"its header claims {headerLength} bytes (the limit is {MaxHeaderBytes})");
        if ((long)headerLength > fileLength - 8)
            throw Bad(displayName, $"its header claims {headerLength} bytes but only {fileLength - 8} follow (truncated file?)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var (tensors, metadata) = ParseHeader(header, fileLength - dataStart, displayName);
        return new SafetensorsFile(stream, displayName, dataStart, tensors, metadata);
    }

    public SafetensorsTensor Get(string name) =>
        _tensors.TryGetValue(name, out var tensor) ? tensor : throw Bad(DisplayName, $"it has no tensor '{name}'");

    /// <summary>A floating-point tensor's values as float32 (F16, BF16 and F64 are converted); non-finite values are refused.</summary>
    public float[] ReadSingles(SafetensorsTensor tensor)
    {
        if (!SafetensorsDType.IsFloat(tensor.DType))
            throw Bad(DisplayName, $"tensor '{tensor.Name}' is {tensor.DType}, not a floating-point type");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; big-endian hosts are not supported.");
        var bytes = ReadBytes(tensor);
        var count = (int)tensor.ElementCount;
        var result = new float[count];
        switch (tensor.DType)
        {
            case "F32":
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(result);
                break;
            case "F16":
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), result);
                break;
            case "BF16":
                var raw = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (var i = 0; i < count; i++)
                    result[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                break;
            default:
                var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (var i = 0; i < count; i++)
                    result[i] = (float)doubles[i];
                break;
        }

        foreach (var value in result)
        {
            if (!float.IsFinite(value))
                throw Bad(DisplayName, $"tensor '{tensor.Name}' holds a non-finite value (NaN or infinity)");
        }

        return result;
    }

    private byte[] ReadBytes(SafetensorsTensor tensor)
    {
        var bytes = new byte[tensor.ByteLength];
        _stream.Position = _dataStart + tensor.Begin;
        try
        {
            _stream.ReadExactly(bytes);
        }
        catch (EndOfStreamException ex)
        {
            throw Bad(DisplayName, $"tensor '{tensor.Name}' ends past the end of the file", ex);
        }

        return bytes;
    }

    private static (Dictionary<string, SafetensorsTensor>, Dictionary<string, string>) ParseHeader(byte[] header, long dataLength, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw Bad(file, $"its header is not valid JSON ({ex.Message})", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(file, "its header is not a JSON object");
            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, metadata, file);
                    continue;
                }

                var tensor = ReadTensor(property.Name, property.Value, dataLength, file);
                if (!tensors.TryAdd(tensor.Name, tensor))
                    throw Bad(file, $"its header names tensor '{tensor.Name}' twice");
            }

            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string file)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Bad(file, "its __metadata__ is not a JSON object");
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Bad(file, $"its __metadata__ entry '{entry.Name}' is not a string");
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensor ReadTensor(string name, JsonElement element, long dataLength, string file)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !element.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw Bad(file, $"tensor '{name}' lacks a dtype, shape or data_offsets");
        }

        var dtype = dtypeElement.GetString()!;
        var size = SafetensorsDType.SizeOf(dtype) ?? throw Bad(file, $"tensor '{name}' has the unknown dtype '{dtype}'");
        if (shapeElement.GetArrayLength() > MaxRank)
            throw Bad(file, $"tensor '{name}' has rank {shapeElement.GetArrayLength()} (at most {MaxRank} is accepted)");

        var shape = new long[shapeElement.GetArrayLength()];
        var elements = 1L;
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var value) || value < 0)
                throw Bad(file, $"tensor '{name}' has a shape entry that is not a non-negative integer");
            shape[i++] = value;
            elements = value == 0 || elements == 0 ? 0 : elements <= dataLength / value ? elements * value : long.MaxValue;
        }

        if (offsetsElement.GetArrayLength() != 2)
            throw Bad(file, $"tensor '{name}' has data_offsets that are not a [begin, end] pair");
        var begin = ReadOffset(offsetsElement[0], name, file);
        var end = ReadOffset(offsetsElement[1], name, file);
        if (begin > end || end > dataLength)
            throw Bad(file, $"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength} data bytes of the file");
        if (elements == long.MaxValue || elements > Array.MaxLength || elements * size != end - begin)
            throw Bad(file, $"tensor '{name}' of shape [{string.Join(", ", shape)}] {dtype} does not fit its {end - begin} data bytes");
        return new SafetensorsTensor(name, dtype, shape, begin, end - begin);
    }

    private static long ReadOffset(JsonElement element, string name, string file) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= 0
            ? value
            : throw Bad(file, $"tensor '{name}' has a data offset that is not a non-negative integer");

    private static SafetensorsFormatException Bad(string file, string problem, Exception? inner = null)
    {
        var message = $"'{file}' is not a usable safetensors file: {problem}.";
        return inner is null ? new SafetensorsFormatException(message) : new SafetensorsFormatException(message, inner);
    }

    public void Dispose() => _stream.Dispose();
}
