using System.Buffers.Binary;
using System.Text;

namespace DiffusionBot.Diffusion.Weights.Torch;

/// <summary>
/// A pickle reader for what <c>torch.save</c> writes (protocol 2) and nothing more: it never imports, looks up or
/// calls anything. Only the opcodes torch.save uses are known; a GLOBAL must be one of a short allow-list (tensor and
/// parameter rebuilders, the float storage classes, OrderedDict), and REDUCE is interpreted for exactly those,
/// building plain values (dicts, lists, tuples, strings, numbers, <see cref="TorchTensorRef"/>). Stack, memo, marks
/// and string lengths are capped; every read is bounds-checked against the pickle's bytes.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxStack = 100_000;
    private const int MaxMemo = 100_000;
    private const int MaxMarks = 1_000;
    private const int MaxRank = 8;

    private static readonly Dictionary<string, TorchDType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["torch.FloatStorage"] = TorchDType.Float32,
        ["torch.HalfStorage"] = TorchDType.Float16,
        ["torch.BFloat16Storage"] = TorchDType.BFloat16,
    };

    private const string RebuildTensor = "torch._utils._rebuild_tensor_v2";
    private const string RebuildParameter = "torch._utils._rebuild_parameter";
    private const string OrderedDict = "collections.OrderedDict";

    private readonly byte[] _bytes;
    private readonly string _file;
    private readonly Func<TorchDType, string, long, TorchStorageRef> _storage;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    /// <param name="storage">Checks a persistent storage reference (type, key, element count) against the archive.</param>
    private RestrictedUnpickler(byte[] bytes, string file, Func<TorchDType, string, long, TorchStorageRef> storage)
    {
        _bytes = bytes;
        _file = file;
        _storage = storage;
    }

    /// <summary>The object the pickle describes. Throws <see cref="TorchSaveFormatException"/> for anything else.</summary>
    public static object? Load(byte[] pickle, string file, Func<TorchDType, string, long, TorchStorageRef> storage) =>
        new RestrictedUnpickler(pickle, file, storage).Run();

    private object? Run()
    {
        while (true)
        {
            var opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    if (ReadByte() > 5)
                        throw Bad("it uses an unknown pickle protocol");
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0)
                        throw Bad("its pickle ends with an unbalanced stack");
                    return _stack[0];
                case (byte)'}': // EMPTY_DICT
                    Push(new Dictionary<object, object?>());
                    break;
                case (byte)']': // EMPTY_LIST
                    Push(new List<object?>());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    Push(new PickleTuple([]));
                    break;
                case (byte)'(': // MARK
                    if (_marks.Count >= MaxMarks)
                        throw Bad($"its pickle nests more than {MaxMarks} marks");
                    _marks.Add(_stack.Count);
                    break;
                case (byte)'t': // TUPLE
                    Push(new PickleTuple(PopToMark()));
                    break;
                case 0x85: // TUPLE1
                case 0x86: // TUPLE2
                case 0x87: // TUPLE3
                    Push(new PickleTuple(PopMany(opcode - 0x84)));
                    break;
                case (byte)'N': // NONE
                    Push(null);
                    break;
                case 0x88: // NEWTRUE
                    Push(true);
                    break;
                case 0x89: // NEWFALSE
                    Push(false);
                    break;
                case (byte)'K': // BININT1
                    Push((long)ReadByte());
                    break;
                case (byte)'M': // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2)));
                    break;
                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4)));
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong(ReadByte()));
                    break;
                case (byte)'G': // BINFLOAT
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8)));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                    break;
                case (byte)'c': // GLOBAL
                    Push(Global(ReadLine(), ReadLine()));
                    break;
                case (byte)'q': // BINPUT
                    Put(ReadByte());
                    break;
                case (byte)'r': // LONG_BINPUT
                    Put(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                    break;
                case (byte)'h': // BINGET
                    Get(ReadByte());
                    break;
                case (byte)'j': // LONG_BINGET
                    Get(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                    break;
                case (byte)'s': // SETITEM
                    var pair = PopMany(2);
                    SetItems(Peek(), pair);
                    break;
                case (byte)'u': // SETITEMS
                    var items = PopToMark();
                    SetItems(Peek(), items);
                    break;
                case (byte)'a': // APPEND
                    AsList(Peek()).AddRange(PopMany(1));
                    break;
                case (byte)'e': // APPENDS
                    var appended = PopToMark();
                    AsList(Peek()).AddRange(appended);
                    break;
                case (byte)'Q': // BINPERSID
                    Push(PersistentLoad(PopMany(1)[0]));
                    break;
                case (byte)'R': // REDUCE
                    var call = PopMany(2);
                    Push(Reduce(call[0], call[1]));
                    break;
                default:
                    throw Bad($"its pickle uses opcode 0x{opcode:x2} ('{(opcode is >= 0x20 and < 0x7f ? (char)opcode : '?')}'), which torch.save does not write for tensors and plain values");
            }
        }
    }

    private PickleGlobal Global(string module, string name)
    {
        var global = new PickleGlobal(module, name);
        return global.FullName is RebuildTensor or RebuildParameter or OrderedDict || StorageTypes.ContainsKey(global.FullName)
            ? global
            : throw Bad($"it refers to the Python global '{global.FullName}', which is never loaded (only tensors and plain values are)");
    }

    private object? Reduce(object? callable, object? arguments)
    {
        if (callable is not PickleGlobal global || arguments is not PickleTuple args)
            throw Bad("its pickle calls something that is not an allowed global");
        switch (global.FullName)
        {
            case OrderedDict when args.Items.Count == 0:
                return new Dictionary<object, object?>();
            case RebuildParameter when args.Items.Count == 3 && args.Items[0] is TorchTensorRef tensor:
                return tensor;
            case RebuildTensor when args.Items.Count is 6 or 7:
                return Tensor(args.Items);
            default:
                throw Bad($"its pickle calls {global.FullName} with {args.Items.Count} arguments of unexpected types");
        }
    }

    /// <summary>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).</summary>
    private TorchTensorRef Tensor(IReadOnlyList<object?> args)
    {
        if (args[0] is not TorchStorageRef storage || args[1] is not long offset || offset < 0)
            throw Bad("a tensor's storage or offset is malformed");
        var shape = Dimensions(args[2], "size");
        var strides = Dimensions(args[3], "stride");
        if (shape.Length != strides.Length)
            throw Bad($"a tensor has {shape.Length} sizes but {strides.Length} strides");
        long elements = 1, last = offset;
        try
        {
            foreach (var (size, stride) in shape.Zip(strides))
            {
                elements = checked(elements * size);
                last = size > 0 ? checked(last + ((size - 1) * stride)) : last;
            }
        }
        catch (OverflowException)
        {
            throw Bad($"a tensor of shape [{string.Join(", ", shape)}] is too large");
        }

        if (elements > storage.ElementCount)
            throw Bad($"a tensor of shape [{string.Join(", ", shape)}] has more elements than its storage of {storage.ElementCount}");
        if (elements > 0 && last >= storage.ElementCount)
            throw Bad($"a tensor at offset {offset} of shape [{string.Join(", ", shape)}], strides [{string.Join(", ", strides)}] reaches past its storage of {storage.ElementCount} elements");
        return new TorchTensorRef(storage, offset, shape, strides);
    }

    private long[] Dimensions(object? value, string what)
    {
        if (value is not PickleTuple tuple || tuple.Items.Count > MaxRank)
            throw Bad($"a tensor's {what} is not a tuple of at most {MaxRank} integers");
        var result = new long[tuple.Items.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = tuple.Items[i] is long n && n >= 0 ? n : throw Bad($"a tensor's {what} holds something other than a non-negative integer");
        return result;
    }

    /// <summary>('storage', storage class, key, location, element count).</summary>
    private TorchStorageRef PersistentLoad(object? id)
    {
        if (id is not PickleTuple { Items: ["storage", PickleGlobal type, string key, string, long count] } || count < 0
            || !StorageTypes.TryGetValue(type.FullName, out var dtype))
        {
            throw Bad("its pickle refers to a persistent object that is not a float storage");
        }

        return _storage(dtype, key, count);
    }

    private void SetItems(object? target, List<object?> items)
    {
        if (target is not Dictionary<object, object?> dict || items.Count % 2 != 0)
            throw Bad("its pickle sets items on something that is not a dict");
        for (var i = 0; i < items.Count; i += 2)
        {
            var key = items[i] is string or long or bool ? items[i]! : throw Bad("a dict key is not a string or an integer");
            dict[key] = items[i + 1];
        }
    }

    private List<object?> AsList(object? target) => target as List<object?> ?? throw Bad("its pickle appends to something that is not a list");

    private void Put(long index)
    {
        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(index))
            throw Bad($"its pickle memoizes more than {MaxMemo} objects");
        _memo[index] = Peek();
    }

    private void Get(long index) => Push(_memo.TryGetValue(index, out var value) ? value : throw Bad($"its pickle reads memo entry {index}, which was never stored"));

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStack)
            throw Bad($"its pickle stack grows past {MaxStack} entries");
        _stack.Add(value);
    }

    private object? Peek() => _stack.Count > 0 && (_marks.Count == 0 || _marks[^1] < _stack.Count) ? _stack[^1] : throw Bad("its pickle reads an empty stack");

    private List<object?> PopMany(int count)
    {
        var floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count - floor < count)
            throw Bad("its pickle pops more values than it pushed");
        var items = _stack.GetRange(_stack.Count - count, count);
        _stack.RemoveRange(_stack.Count - count, count);
        return items;
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0)
            throw Bad("its pickle closes a mark it never opened");
        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private byte ReadByte() => Read(1)[0];

    private ReadOnlySpan<byte> Read(long count)
    {
        if (count < 0 || count > _bytes.Length - _position)
            throw Bad("its pickle ends in the middle of a value (truncated)");
        var span = _bytes.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }

    private string ReadString(long length)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Read(length));
        }
        catch (DecoderFallbackException)
        {
            throw Bad("its pickle holds a string that is not UTF-8");
        }
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(_bytes, (byte)'\n', _position, Math.Min(256, _bytes.Length - _position));
        if (end < 0)
            throw Bad(_bytes.Length - _position < 256 ? "its pickle ends in the middle of a global name (truncated)" : "its pickle holds a global name that is not a short line");
        var text = Encoding.ASCII.GetString(_bytes, _position, end - _position);
        _position = end + 1;
        return text;
    }

    private long ReadLong(int byteCount)
    {
        if (byteCount > 8)
            throw Bad("its pickle holds an integer wider than 64 bits");
        Span<byte> buffer = stackalloc byte[8];
        var bytes = Read(byteCount);
        bytes.CopyTo(buffer);
        if (byteCount > 0 && (bytes[^1] & 0x80) != 0)
            buffer[byteCount..].Fill(0xFF);
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    private TorchSaveFormatException Bad(string problem) => new($"'{_file}' is not a usable torch.save file: {problem}.");
}
