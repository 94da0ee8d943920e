using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>
/// Initializer values that replace a model file's own when a session is created (ONNX Runtime's
/// <c>SessionOptions.AddInitializer</c>): LoRA-merged weights, a token-embedding table with textual-inversion rows
/// appended. The values are pinned managed arrays that must outlive the session, so an <see cref="OnnxModel"/>
/// created with overrides owns them. Overrides of another set can be included without being owned (the base
/// text encoder's embedding table, shared by every LoRA session).
/// </summary>
internal sealed class InitializerOverrides : IDisposable
{
    private readonly Dictionary<string, OrtValue> _values = new(StringComparer.Ordinal);
    private readonly List<OrtValue> _owned = [];

    public IReadOnlyCollection<string> Names => _values.Keys;

    public int Count => _values.Count;

    /// <summary>Bytes of the values this set owns (not the included ones).</summary>
    public long OwnedBytes { get; private set; }

    public void Add(string name, float[] values, long[] shape) => Own(name, OrtValue.CreateTensorValueFromMemory(values, shape), values.LongLength * 4);

    public void Add(string name, Half[] values, long[] shape)
    {
        var halves = new Float16[values.Length];
        MemoryMarshal.Cast<Half, Float16>(values).CopyTo(halves);
        Own(name, OrtValue.CreateTensorValueFromMemory(halves, shape), values.LongLength * 2);
    }

    /// <summary>Uses <paramref name="other"/>'s values too, without owning them (it must outlive this set's sessions).</summary>
    public void Include(InitializerOverrides? other)
    {
        if (other is null)
            return;
        foreach (var (name, value) in other._values)
            _values.TryAdd(name, value);
    }

    public void ApplyTo(SessionOptions options)
    {
        foreach (var (name, value) in _values)
            options.AddInitializer(name, value);
    }

    private void Own(string name, OrtValue value, long bytes)
    {
        if (!_values.TryAdd(name, value))
        {
            value.Dispose();
            throw new InvalidOperationException($"Initializer '{name}' is overridden twice.");
        }

        _owned.Add(value);
        OwnedBytes += bytes;
    }

    public void Dispose()
    {
        foreach (var value in _owned)
            value.Dispose();
        _owned.Clear();
        _values.Clear();
    }
}
