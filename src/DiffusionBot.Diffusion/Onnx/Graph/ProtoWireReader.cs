namespace DiffusionBot.Diffusion.Onnx.Graph;

/// <summary>
/// A forward protobuf wire-format reader over a seekable stream that can skip a length-delimited field by seeking,
/// so the bulk of a model file (the weights' raw_data) is never read. Positions are 64-bit; every length is checked
/// against the enclosing message's end.
/// </summary>
internal sealed class ProtoWireReader(Stream stream, string file)
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    public long Position => stream.Position;

    public string File => file;

    /// <summary>The next field's number and wire type, or (0, 0) at <paramref name="end"/>.</summary>
    public (int Field, int WireType) ReadTag(long end)
    {
        if (stream.Position >= end)
            return (0, 0);
        var tag = ReadVarint(end);
        var field = (int)(tag >> 3);
        if (field <= 0)
            throw Corrupt($"field number {field} at byte {stream.Position}");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint(long end)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (stream.Position >= end)
                throw Corrupt($"a varint runs past its message at byte {stream.Position}");
            var b = stream.ReadByte();
            if (b < 0)
                throw Corrupt("the file ends inside a varint");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }

        throw Corrupt($"a varint longer than 10 bytes at byte {stream.Position}");
    }

    /// <summary>Reads a length prefix and returns the end position of the field's payload (checked against <paramref name="end"/>).</summary>
    public long ReadLengthEnd(long end)
    {
        var length = ReadVarint(end);
        if (length > (ulong)(end - stream.Position))
            throw Corrupt($"a field of {length} bytes at byte {stream.Position} runs past its message");
        return stream.Position + (long)length;
    }

    public byte[] ReadBytes(long payloadEnd)
    {
        var bytes = new byte[payloadEnd - stream.Position];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public string ReadString(long payloadEnd) => System.Text.Encoding.UTF8.GetString(ReadBytes(payloadEnd));

    public void SeekTo(long position) => stream.Position = position;

    public void Skip(int wireType, long end)
    {
        switch (wireType)
        {
            case WireVarint:
                ReadVarint(end);
                break;
            case WireFixed64:
                Advance(8, end);
                break;
            case WireFixed32:
                Advance(4, end);
                break;
            case WireLengthDelimited:
                SeekTo(ReadLengthEnd(end));
                break;
            default:
                throw Corrupt($"unsupported wire type {wireType} at byte {stream.Position}");
        }
    }

    private void Advance(int bytes, long end)
    {
        if (stream.Position + bytes > end)
            throw Corrupt($"a fixed-size field runs past its message at byte {stream.Position}");
        stream.Position += bytes;
    }

    public OnnxGraphFormatException Corrupt(string problem) => new($"'{file}' is not a readable ONNX model: {problem}.");
}
