using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>
/// Text chunks of a PNG file (PNG specification §11.3.4): writes a keyword's text as <c>tEXt</c> when it is Latin-1,
/// else as uncompressed <c>iTXt</c> (UTF-8), the way Pillow stores the web UI's "parameters"; reads <c>tEXt</c>,
/// <c>zTXt</c> and <c>iTXt</c> (compressed or not). Works on the encoded bytes, so the pixels are not re-encoded.
/// </summary>
public static class PngTextChunks
{
    /// <summary>The keyword of the chunk that holds AUTOMATIC1111's infotext.</summary>
    public const string ParametersKeyword = "parameters";

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>A copy of <paramref name="png"/> with <paramref name="text"/> under <paramref name="keyword"/>, placed
    /// right after IHDR; text chunks that had the same keyword are dropped.</summary>
    public static byte[] WithText(ReadOnlySpan<byte> png, string keyword, string text)
    {
        ValidateKeyword(keyword);
        ArgumentNullException.ThrowIfNull(text);
        var chunks = ReadChunks(png);
        if (chunks.Count == 0 || chunks[0].Type != "IHDR")
            throw new DiffusionRequestException("The PNG does not start with an IHDR chunk.");

        var added = IsLatin1(text) ? Chunk("tEXt", [.. Latin1.GetBytes(keyword), 0, .. Latin1.GetBytes(text)])
            : Chunk("iTXt", [.. Latin1.GetBytes(keyword), 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)]);
        using var output = new MemoryStream(png.Length + added.Length);
        output.Write(Signature);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (chunk.IsText && ReadText(png, chunk) is { } existing && existing.Keyword == keyword)
                continue;
            output.Write(png.Slice(chunk.Start, chunk.TotalLength));
            if (i == 0)
                output.Write(added);
        }

        return output.ToArray();
    }

    /// <summary>The text under <paramref name="keyword"/>, or null when the PNG has none (the first chunk wins).</summary>
    public static string? ReadText(ReadOnlySpan<byte> png, string keyword)
    {
        foreach (var chunk in ReadChunks(png))
        {
            if (chunk.IsText && ReadText(png, chunk) is { } entry && entry.Keyword == keyword)
                return entry.Text;
        }

        return null;
    }

    /// <summary>Every text chunk, in file order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadAll(ReadOnlySpan<byte> png)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var chunk in ReadChunks(png))
        {
            if (chunk.IsText && ReadText(png, chunk) is { } entry)
                entries.Add(new(entry.Keyword, entry.Text));
        }

        return entries;
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320) over type and data.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }

    /// <summary>One whole chunk: length, type, data and CRC.</summary>
    internal static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static (string Keyword, string Text)? ReadText(ReadOnlySpan<byte> png, ChunkInfo chunk)
    {
        var data = png.Slice(chunk.DataStart, chunk.Length);
        var end = data.IndexOf((byte)0);
        if (end <= 0)
            return null;
        var keyword = Latin1.GetString(data[..end]);
        var rest = data[(end + 1)..];
        switch (chunk.Type)
        {
            case "tEXt":
                return (keyword, Latin1.GetString(rest));
            case "zTXt":
                return rest.Length >= 1 && rest[0] == 0 ? (keyword, Latin1.GetString(Inflate(rest[1..]))) : null;
            default:
                // iTXt: compression flag, method, language tag\0, translated keyword\0, UTF-8 text.
                if (rest.Length < 2)
                    return null;
                var compressed = rest[0] == 1;
                var afterLanguage = rest[2..].IndexOf((byte)0);
                if (afterLanguage < 0)
                    return null;
                var translated = rest[(3 + afterLanguage)..];
                var afterTranslated = translated.IndexOf((byte)0);
                if (afterTranslated < 0)
                    return null;
                var body = translated[(afterTranslated + 1)..];
                return (keyword, Encoding.UTF8.GetString(compressed ? Inflate(body) : body));
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> zlib)
    {
        using var input = new MemoryStream(zlib.ToArray());
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The chunks of <paramref name="png"/> up to IEND, in file order (after checking the signature and
    /// that every chunk fits in the data).</summary>
    internal static List<ChunkInfo> ReadChunks(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new DiffusionRequestException("The data is not a PNG file.");
        var chunks = new List<ChunkInfo>();
        var position = Signature.Length;
        while (position + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[position..]);
            if (length < 0 || position + 12L + length > png.Length)
                throw new DiffusionRequestException("The PNG file is truncated or corrupt.");
            var type = Encoding.ASCII.GetString(png.Slice(position + 4, 4));
            chunks.Add(new ChunkInfo(type, position, length));
            position += 12 + length;
            if (type == "IEND")
                break;
        }

        return chunks;
    }

    private static bool IsLatin1(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u00FF' || c == '\0')
                return false;
        }

        return true;
    }

    private static void ValidateKeyword(string keyword)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        if (keyword.Length > 79 || !IsLatin1(keyword) || keyword[0] == ' ' || keyword[^1] == ' ')
            throw new ArgumentException("A PNG text keyword has 1–79 Latin-1 characters and no leading or trailing space.", nameof(keyword));
    }

    /// <summary>Where a chunk lies in the file: <paramref name="Start"/> is its length field, <paramref name="Length"/>
    /// that of its data.</summary>
    internal readonly record struct ChunkInfo(string Type, int Start, int Length)
    {
        public int DataStart => Start + 8;

        public int TotalLength => 12 + Length;

        /// <summary>Where the CRC (over type and data) lies.</summary>
        public int CrcStart => DataStart + Length;

        public bool IsText => Type is "tEXt" or "zTXt" or "iTXt";
    }
}
