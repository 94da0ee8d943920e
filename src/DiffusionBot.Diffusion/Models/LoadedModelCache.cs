using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The catalogue models held in memory: loaded on first use, kept up to Generator:MaxLoadedModels, the least recently
/// used unloaded first (its sessions disposed) — never one a running request holds a lease on; while every loaded model
/// is in use the cache may hold one more, and trims when a lease ends. Load time and resident memory are logged.
/// </summary>
internal sealed partial class LoadedModelCache(GeneratorOptions options, OnnxSessionFactory sessionFactory, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private long _clock;
    private bool _disposed;

    /// <summary>Names of the models in memory now.</summary>
    public IReadOnlyList<string> LoadedNames
    {
        get
        {
            lock (_gate) return [.. _slots.Keys];
        }
    }

    public bool IsLoaded(string name)
    {
        lock (_gate) return _slots.ContainsKey(name);
    }

    /// <summary>The most recently used loaded model, if any (for work any model can do, such as tokenizing).</summary>
    public string? MostRecentlyUsed
    {
        get
        {
            lock (_gate) return _slots.Count == 0 ? null : _slots.MaxBy(s => s.Value.LastUsed).Key;
        }
    }

    /// <summary>The loaded model, loading it first (after <paramref name="loading"/> is called) when it is not in memory.
    /// Dispose the lease when done; until then the model is not unloaded.</summary>
    public async Task<ModelLease> AcquireAsync(CatalogModel entry, Action? loading, CancellationToken cancellationToken)
    {
#pragma warning disable CA2000 // each lease is handed to the caller, who disposes it
        if (TryLease(entry.Name) is { } ready)
            return ready;
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (TryLease(entry.Name) is { } loadedMeanwhile)
                return loadedMeanwhile;
            loading?.Invoke();
            Trim(room: 1);
            var started = time.GetTimestamp();
            var memoryBefore = Environment.WorkingSet;
            var model = await Task.Run(() => LoadedModel.Load(entry.Folder, entry.Defaults, sessionFactory, options), cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            LogModelLoaded(logger, entry.Name, model.Description, entry.Folder.Root, options.ExecutionProvider, model.Unet.SampleType.ToString(),
                model.Unet.TimestepType.ToString(), model.SafetyChecker is not null, elapsed.TotalMilliseconds,
                (Environment.WorkingSet - memoryBefore) / (1024.0 * 1024.0), Environment.WorkingSet / (1024.0 * 1024.0));
            foreach (var skipped in model.Embeddings.Skipped)
                LogEmbeddingSkipped(logger, skipped);
            lock (_gate)
            {
                var slot = new Slot(model) { LastUsed = ++_clock, Users = 1 };
                _slots[entry.Name] = slot;
                return new ModelLease(this, entry.Name, slot, elapsed);
            }
        }
        finally
        {
            _loadLock.Release();
        }
#pragma warning restore CA2000
    }

    private ModelLease? TryLease(string name)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(name, out var slot))
                return null;
            slot.Users++;
            slot.LastUsed = ++_clock;
            return new ModelLease(this, name, slot, TimeSpan.Zero);
        }
    }

    private void Release(Slot slot)
    {
        lock (_gate) slot.Users--;
        Trim(room: 0);
    }

    /// <summary>Unloads least recently used idle models until at most MaxLoadedModels − <paramref name="room"/> remain.</summary>
    private void Trim(int room)
    {
        List<(string Name, LoadedModel Model)> evicted = [];
        lock (_gate)
        {
            while (_slots.Count > Math.Max(0, options.MaxLoadedModels - room))
            {
                var idle = _slots.Where(s => s.Value.Users == 0).OrderBy(s => s.Value.LastUsed).Select(s => s.Key).FirstOrDefault();
                if (idle is null)
                    break;
                evicted.Add((idle, _slots[idle].Model));
                _slots.Remove(idle);
            }
        }

        foreach (var (name, model) in evicted)
        {
            model.Dispose();
            LogModelUnloaded(logger, name, options.MaxLoadedModels);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var slot in _slots.Values)
                slot.Model.Dispose();
            _slots.Clear();
        }

        _loadLock.Dispose();
    }

    internal sealed class Slot(LoadedModel model)
    {
        public LoadedModel Model { get; } = model;

        public int Users { get; set; }

        public long LastUsed { get; set; }
    }

    /// <summary>A running request's hold on a loaded model.</summary>
    internal sealed class ModelLease : IDisposable
    {
        private readonly LoadedModelCache _cache;
        private readonly Slot _slot;
        private int _released;

        internal ModelLease(LoadedModelCache cache, string name, Slot slot, TimeSpan loadTime)
        {
            _cache = cache;
            _slot = slot;
            Name = name;
            LoadTime = loadTime;
        }

        public string Name { get; }

        public LoadedModel Model => _slot.Model;

        /// <summary>How long this request waited for the model to load (zero when it was in memory).</summary>
        public TimeSpan LoadTime { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                _cache.Release(_slot);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Name} ({Family}) from {Path} on {Provider} (unet sample {SampleType}, timestep {TimestepType}, safety checker {HasSafetyChecker}) in {Milliseconds:F0} ms; resident memory +{DeltaMiB:F0} MiB, {ResidentMiB:F0} MiB in all")]
    private static partial void LogModelLoaded(ILogger logger, string name, string family, string path, ExecutionProviderKind provider, string sampleType, string timestepType,
        bool hasSafetyChecker, double milliseconds, double deltaMiB, double residentMiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unloaded model {Name} (least recently used; Generator:MaxLoadedModels is {Max})")]
    private static partial void LogModelUnloaded(ILogger logger, string name, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding skipped: {Reason}")]
    private static partial void LogEmbeddingSkipped(ILogger logger, string reason);
}
