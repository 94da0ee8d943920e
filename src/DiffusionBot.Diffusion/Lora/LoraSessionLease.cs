using DiffusionBot.Diffusion.Onnx;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A job's hold on a cached <see cref="LoraSessionSet"/>: the set is not disposed before the lease is.</summary>
internal sealed class LoraSessionLease(LoraSessionSet set, Action<LoraSessionSet> release) : IDisposable
{
    private int _released;

    public LoraSessionSet Set { get; } = set;

    /// <summary>The LoRA session of <paramref name="component"/>, or null when the LoRAs leave it unchanged.</summary>
    public OnnxModel? For(LoraComponent component) => Set.Models.GetValueOrDefault(component);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            release(Set);
    }
}
