namespace DiffusionBot.Diffusion.Weights.Torch;

/// <summary>A Python tuple read from a pickle.</summary>
internal sealed record PickleTuple(IReadOnlyList<object?> Items);

/// <summary>One of the allow-listed Python globals (a name only: nothing is ever looked up or called).</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>The element types of the storages a torch.save file may hold (by their pickled class name).</summary>
internal enum TorchDType
{
    Float32,
    Float16,
    BFloat16,
}

/// <summary>A storage of a torch.save file: its element type, its key (the entry <c>data/&lt;key&gt;</c> of the
/// archive) and its element count, already checked against that entry's size.</summary>
internal sealed record TorchStorageRef(TorchDType DType, string Key, long ElementCount)
{
    public int ElementSize => DType == TorchDType.Float32 ? 4 : 2;
}

/// <summary>A tensor: a view of a storage (offset, shape and strides in elements), already checked to lie inside it.</summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long Offset, long[] Shape, long[] Strides)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
