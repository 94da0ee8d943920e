using System.Buffers.Binary;
using System.IO.Compression;

namespace DiffusionBot.Diffusion.Weights.Torch;

/// <summary>
/// Reads the tensors of a <c>torch.save</c> file (a zip archive: <c>&lt;name&gt;/data.pkl</c>, the pickled object,
/// and <c>&lt;name&gt;/data/&lt;key&gt;</c>, one raw little-endian storage each) without running any of it: the pickle
/// goes through <see cref="RestrictedUnpickler"/>, every storage reference is checked against its entry's size and
/// every tensor view against its storage before anything is read, and the pickle and storages are size-capped.
/// Tensors are named by their path through nested dicts, joined with '.' (<c>string_to_param.*</c>).
/// </summary>
internal sealed class TorchSaveFile : IDisposable
{
    public const int MaxPickleBytes = 1024 * 1024;
    public const int MaxStorageBytes = 64 * 1024 * 1024;
    private const int MaxNesting = 8;
    private const int MaxTensors = 10_000;

    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly Dictionary<string, TorchTensorRef> _tensors = new(StringComparer.Ordinal);

    private TorchSaveFile(ZipArchive zip, string prefix, string displayName)
    {
        _zip = zip;
        _prefix = prefix;
        DisplayName = displayName;
    }

    public string DisplayName { get; }

    public IReadOnlyDictionary<string, TorchTensorRef> Tensors => _tensors;

    public static TorchSaveFile Open(string path)
    {
        var name = Path.GetFileName(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException ex)
        {
            stream.Dispose();
            throw new TorchSaveFormatException($"'{name}' is not a usable torch.save file: it is not a readable zip archive ({ex.Message} Truncated, or saved by a PyTorch older than 1.6?)", ex);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        try
        {
            return Read(zip, name);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static TorchSaveFile Read(ZipArchive zip, string name)
    {
        var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
        if (pickles.Count != 1)
            throw Bad(name, $"it has {pickles.Count} '<name>/data.pkl' entries; torch.save writes one");
        var prefix = pickles[0].FullName[..^"data.pkl".Length];
        var file = new TorchSaveFile(zip, prefix, name);
        if (zip.GetEntry(prefix + "byteorder") is { } byteOrder && ReadEntry(byteOrder, 16, name) is var order
            && System.Text.Encoding.ASCII.GetString(order) != "little")
        {
            throw Bad(name, "its storages are big-endian");
        }

        var root = RestrictedUnpickler.Load(ReadEntry(pickles[0], MaxPickleBytes, name), name, file.Storage);
        file.Collect(root, string.Empty, 0);
        return file;
    }

    /// <summary>A storage reference, checked: its entry exists and holds exactly <paramref name="count"/> elements.</summary>
    private TorchStorageRef Storage(TorchDType dtype, string key, long count)
    {
        var storage = new TorchStorageRef(dtype, key, count);
        var entry = StorageEntry(storage);
        if (count > MaxStorageBytes / storage.ElementSize || entry.Length != count * storage.ElementSize)
            throw Bad(DisplayName, $"storage '{key}' claims {count} {dtype} elements but its entry holds {entry.Length} bytes (at most {MaxStorageBytes} are read)");
        return storage;
    }

    private ZipArchiveEntry StorageEntry(TorchStorageRef storage) =>
        storage.Key.Length > 0 && storage.Key.All(char.IsAsciiLetterOrDigit) && _zip.GetEntry(_prefix + "data/" + storage.Key) is { } entry
            ? entry
            : throw Bad(DisplayName, $"it refers to storage '{storage.Key}', which is not in the archive");

    private void Collect(object? value, string name, int depth)
    {
        if (depth > MaxNesting || _tensors.Count >= MaxTensors)
            throw Bad(DisplayName, $"its object nests deeper than {MaxNesting} levels or holds more than {MaxTensors} tensors");
        switch (value)
        {
            case TorchTensorRef tensor:
                _tensors[name.Length == 0 ? "tensor" : name] = tensor;
                break;
            case Dictionary<object, object?> dict:
                foreach (var (key, item) in dict)
                {
                    var part = Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture);
                    Collect(item, name.Length == 0 ? part! : $"{name}.{part}", depth + 1);
                }

                break;
        }
    }

    /// <summary>A tensor's values as float32 in row-major order (its view gathered through the strides); non-finite values are refused.</summary>
    public float[] ReadSingles(TorchTensorRef tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var storage = tensor.Storage;
        var bytes = ReadEntry(StorageEntry(storage), MaxStorageBytes, DisplayName);
        if (bytes.LongLength != storage.ElementCount * storage.ElementSize)
            throw Bad(DisplayName, $"storage '{storage.Key}' is not {storage.ElementCount} elements long");
        var result = new float[tensor.ElementCount];
        var index = new long[tensor.Shape.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var element = tensor.Offset;
            for (var d = 0; d < index.Length; d++)
                element += index[d] * tensor.Strides[d];
            result[i] = Element(bytes, element, storage.DType);
            if (!float.IsFinite(result[i]))
                throw Bad(DisplayName, "a tensor holds a non-finite value (NaN or infinity)");
            for (var d = index.Length - 1; d >= 0 && ++index[d] == tensor.Shape[d]; d--)
                index[d] = 0;
        }

        return result;
    }

    private static float Element(byte[] bytes, long element, TorchDType dtype) => dtype switch
    {
        TorchDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(element * 4), 4)),
        TorchDType.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan((int)(element * 2), 2)),
        _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)(element * 2), 2)) << 16),
    };

    private static byte[] ReadEntry(ZipArchiveEntry entry, int maxBytes, string name)
    {
        if (entry.Length > maxBytes)
            throw Bad(name, $"its entry '{entry.Name}' is {entry.Length} bytes (at most {maxBytes} are read)");
        var bytes = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            if (stream.ReadByte() >= 0)
                throw Bad(name, $"its entry '{entry.Name}' holds more bytes than it declares");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new TorchSaveFormatException($"'{name}' is not a usable torch.save file: its entry '{entry.FullName}' cannot be read ({ex.Message}; truncated file?).", ex);
        }

        return bytes;
    }

    private static TorchSaveFormatException Bad(string file, string problem) => new($"'{file}' is not a usable torch.save file: {problem}.");

    public void Dispose() => _zip.Dispose();
}
