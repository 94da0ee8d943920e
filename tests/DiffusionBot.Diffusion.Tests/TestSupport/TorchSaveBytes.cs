using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DiffusionBot.Diffusion.Tests.TestSupport;

/// <summary>
/// Builds torch.save files byte by byte for the hostile-input tests: a pickle (protocol 2, written with the same
/// opcodes torch.save uses: PROTO, EMPTY_DICT, MARK, BINUNICODE, BININT, LONG1, GLOBAL, TUPLE, NEWFALSE, REDUCE,
/// BINPERSID, SETITEMS, STOP) and a stored zip archive holding it as <c>emb/data.pkl</c> with raw storages as
/// <c>emb/data/&lt;key&gt;</c>. A tensor is <c>_rebuild_tensor_v2(persistent ('storage', torch.&lt;Type&gt;Storage,
/// key, 'cpu', numel), offset, size, stride, False, OrderedDict())</c>, as torch writes it.
/// </summary>
internal sealed class TorchSaveBytes
{
    private readonly List<byte> _bytes = [0x80, 2];

    public TorchSaveBytes Op(char opcode) => Op((byte)opcode);

    public TorchSaveBytes Op(byte opcode)
    {
        _bytes.Add(opcode);
        return this;
    }

    public TorchSaveBytes Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        Op('X');
        _bytes.AddRange(BitConverter.GetBytes(utf8.Length));
        _bytes.AddRange(utf8);
        return this;
    }

    /// <summary>LONG1 with 8 bytes, for any 64-bit value.</summary>
    public TorchSaveBytes Int(long value)
    {
        Op(0x8a).Op(8);
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
        return this;
    }

    public TorchSaveBytes Global(string module, string name)
    {
        Op('c');
        _bytes.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        return this;
    }

    public TorchSaveBytes Tuple(params long[] values)
    {
        Op('(');
        foreach (var value in values)
            Int(value);
        return Op('t');
    }

    public TorchSaveBytes Tensor(string storageType, string key, long numel, long offset, long[] size, long[] stride) =>
        Global("torch._utils", "_rebuild_tensor_v2").Op('(')
            .Op('(').Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel).Op('t').Op('Q')
            .Int(offset).Tuple(size).Tuple(stride).Op(0x89).Global("collections", "OrderedDict").Op(')').Op('R')
            .Op('t').Op('R');

    /// <summary>{'emb_params': tensor}, as an A1111 embedding holds it.</summary>
    public static TorchSaveBytes EmbParams(string storageType, string key, long numel, long offset, long[] size, long[] stride) =>
        new TorchSaveBytes().Op('}').Op('(').Str("emb_params").Tensor(storageType, key, numel, offset, size, stride).Op('u');

    public byte[] Pickle() => [.. _bytes, (byte)'.'];

    public static byte[] Zip(byte[] pickle, params (string Key, byte[] Data)[] storages)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "emb/data.pkl", pickle);
            foreach (var (key, data) in storages)
                Add(zip, "emb/data/" + key, data);
            Add(zip, "emb/version", "3\n"u8.ToArray());
        }

        return memory.ToArray();
    }

    public static byte[] Floats(int count) => [.. Enumerable.Range(0, count).SelectMany(i => BitConverter.GetBytes(i * 0.01f))];

    private static void Add(ZipArchive zip, string name, byte[] data)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(data);
    }
}
