using DiffusionBot.Diffusion.Onnx;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>The sessions built for one set of LoRAs and weights: one per component the LoRAs change (components
/// they leave alone use the base session; the text encoders are wrapped per family by LoadedModel.ConditionerWith). Disposed when evicted from the cache and no job holds it.</summary>
internal sealed class LoraSessionSet(string key, IReadOnlyDictionary<LoraComponent, OnnxModel> models, IReadOnlyList<LoraMerger.MatchReport> reports, long overrideBytes) : IDisposable
{
    private int _leases;
    private bool _evicted;
    private bool _disposed;
    private int _firstUseTaken;

    public string Key { get; } = key;

    public IReadOnlyDictionary<LoraComponent, OnnxModel> Models { get; } = models;

    /// <summary>The UNet with the LoRAs merged in, or null when they leave it unchanged.</summary>
    public UnetModel? Unet { get; } = models.TryGetValue(LoraComponent.Unet, out var unet) ? new UnetModel(unet) : null;

    /// <summary>How many layers of each LoRA matched (the rest were counted as unmatched).</summary>
    public IReadOnlyList<LoraMerger.MatchReport> Reports { get; } = reports;

    /// <summary>Bytes of merged weights this set holds (besides what ONNX Runtime allocates for its sessions).</summary>
    public long OverrideBytes { get; } = overrideBytes;

    internal bool IsDisposed => _disposed;

    /// <summary>True the first time it is asked: whoever logs the match reports does so once per set.</summary>
    internal bool TakeFirstUse() => Interlocked.Exchange(ref _firstUseTaken, 1) == 0;

    internal void AddLease() => _leases++;

    /// <summary>Returns true when the set should now be disposed (evicted and no longer leased).</summary>
    internal bool ReleaseLease()
    {
        _leases--;
        return _evicted && _leases == 0;
    }

    /// <summary>Marks the set evicted; returns true when it can be disposed at once.</summary>
    internal bool Evict()
    {
        _evicted = true;
        return _leases == 0;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var model in Models.Values)
            model.Dispose();
    }
}
