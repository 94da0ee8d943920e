using System.Globalization;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Sessions with LoRAs merged in, keyed by the set of LoRA files (path, size, time written) and weights, kept for
/// the <c>capacity</c> most recently used sets (Generator:MaxLoraSessions); the least recently used goes first,
/// once no job holds it. The base sessions are not in here and stay loaded. A cache hit costs a dictionary lookup.
/// </summary>
internal sealed class LoraSessionCache(IReadOnlyList<LoraComponentModel> components, OnnxSessionFactory factory, int capacity) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Lock _build = new();
    private readonly LinkedList<LoraSessionSet> _recent = [];
    private readonly Dictionary<string, LinkedListNode<LoraSessionSet>> _byKey = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
                return _byKey.Count;
        }
    }

    /// <summary>Sessions for <paramref name="loras"/> (LoRA files and weights; zero weights are dropped), built
    /// and cached on first use. Throws <see cref="LoraFileException"/> for a file that cannot be applied.</summary>
    public LoraSessionLease Acquire(IReadOnlyList<(FileInfo File, double Weight)> loras, CancellationToken cancellationToken)
    {
        var active = loras.Where(l => l.Weight != 0).OrderBy(l => l.File.FullName, StringComparer.Ordinal).ToList();
        var key = Key(active);
#pragma warning disable CA2000 // a lease goes to the caller, who disposes it
        if (TryLease(key) is { } hit)
            return hit;
        lock (_build)
        {
            if (TryLease(key) is { } built)
                return built;
#pragma warning restore CA2000
            cancellationToken.ThrowIfCancellationRequested();
            LoraSessionSet set;
            try
            {
                set = Build(key, active);
            }
            catch (OnnxGraphFormatException ex)
            {
                throw new DiffusionModelException($"{ex.Message} LoRAs cannot be applied to this model.", ex);
            }

            lock (_gate)
            {
                _byKey[key] = _recent.AddFirst(set);
                set.AddLease();
                EvictOverCapacity();
            }

            return new LoraSessionLease(set, Release);
        }
    }

    private LoraSessionLease? TryLease(string key)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(key, out var node))
                return null;
            _recent.Remove(node);
            _recent.AddFirst(node);
            node.Value.AddLease();
            return new LoraSessionLease(node.Value, Release);
        }
    }

    private LoraSessionSet Build(string key, List<(FileInfo File, double Weight)> loras)
    {
        var applications = loras.Select(l => new LoraApplication(LoraFileReader.Read(l.File.FullName), (float)l.Weight)).ToList();
        var indices = components.ToDictionary(c => c.Component, c => c.Index);
        var reports = applications.Select(a => LoraMerger.Match(a.Network, indices)).ToList();
        var models = new Dictionary<LoraComponent, OnnxModel>();
        long bytes = 0;
        try
        {
            foreach (var component in components)
            {
                var merged = LoraMerger.Merge(component.Graph, component.Index, component.Component, applications);
                if (merged.Count == 0)
                    continue;
#pragma warning disable CA2000 // CA2000 loses track in the loop: the overrides pass to the OnnxModel (which disposes them) or are disposed in finally
                InitializerOverrides? overrides = new();
#pragma warning restore CA2000
                try
                {
                    overrides.Include(component.BaseOverrides);
                    foreach (var weight in merged)
                    {
                        if (weight.Halves is { } halves)
                            overrides.Add(weight.Initializer.Name, halves, weight.Initializer.Dims);
                        else
                            overrides.Add(weight.Initializer.Name, weight.Singles!, weight.Initializer.Dims);
                    }

                    bytes += overrides.OwnedBytes;
                    models[component.Component] = factory.Load(component.ModelFile, overrides);
                    overrides = null;
                }
                finally
                {
                    overrides?.Dispose();
                }
            }
        }
        catch
        {
            foreach (var model in models.Values)
                model.Dispose();
            throw;
        }

        return new LoraSessionSet(key, models, reports, bytes);
    }

    private void EvictOverCapacity()
    {
        while (_byKey.Count > Math.Max(1, capacity) && _recent.Last is { } oldest)
        {
            _recent.RemoveLast();
            _byKey.Remove(oldest.Value.Key);
            if (oldest.Value.Evict())
                oldest.Value.Dispose();
        }
    }

    private void Release(LoraSessionSet set)
    {
        lock (_gate)
        {
            if (set.ReleaseLease())
                set.Dispose();
        }
    }

    private static string Key(IEnumerable<(FileInfo File, double Weight)> loras) =>
        string.Join('\n', loras.Select(l =>
        {
            l.File.Refresh();
            return string.Create(CultureInfo.InvariantCulture, $"{l.File.FullName}|{l.File.Length}|{l.File.LastWriteTimeUtc.Ticks}|{l.Weight:R}");
        }));

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var set in _recent)
            {
                if (set.Evict())
                    set.Dispose();
            }

            _recent.Clear();
            _byKey.Clear();
        }
    }
}
