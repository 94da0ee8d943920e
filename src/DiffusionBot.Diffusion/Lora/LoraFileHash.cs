using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>AUTOMATIC1111's LoRA short hash ("addnet" hash): SHA-256 over a safetensors file's tensor data (everything
/// after the 8-byte header length and the JSON header), first 12 hex digits, lower case. Cached per file version.</summary>
internal sealed class LoraFileHash
{
    public const int ShortLength = 12;
    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> _cache = new();

    public string ShortHash(FileInfo file, CancellationToken cancellationToken)
    {
        file.Refresh();
        var key = (file.FullName, file.Length, file.LastWriteTimeUtc);
        if (_cache.TryGetValue(key, out var known))
            return known;
        var hash = Compute(file, cancellationToken)[..ShortLength];
        _cache[key] = hash;
        return hash;
    }

    /// <summary>The full hash, as lower-case hex.</summary>
    public static string Compute(FileInfo file, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength < 0 || headerLength > stream.Length - 8)
            throw new LoraFileException($"'{file.Name}' is not a safetensors file (bad header length).");
        stream.Seek(8 + headerLength, SeekOrigin.Begin);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
