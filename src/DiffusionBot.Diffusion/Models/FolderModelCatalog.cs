using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The catalogue of base models (the <c>Models</c> section): every entry's folder is opened and checked once, its family
/// read from the folder, and its <see cref="ModelInfo"/> built from the family's defaults narrowed by the entry. With no
/// entries the catalogue holds one model: the folder <see cref="IModelFolderProvider"/> supplies (the host's demo model),
/// named after the folder and narrowed by <c>Models:BuiltIn</c>. An entry with an empty Path is left out. Problems stop start-up with one <see cref="DiffusionModelException"/> naming each entry, file and fix.
/// </summary>
public sealed class FolderModelCatalog(IOptions<ModelsOptions> options, IModelFolderProvider fallback) : IModelCatalog, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<CatalogModel>? _models;
    private CatalogModel? _default;

    /// <summary>Whether <see cref="LoadAsync"/> has run successfully.</summary>
    public bool IsLoaded => Volatile.Read(ref _models) is not null;

    public IReadOnlyList<ModelInfo> Models => [.. Loaded().Select(m => m.Info)];

    public ModelInfo Default => DefaultModel.Info;

    /// <summary>The default model with its folder.</summary>
    public CatalogModel DefaultModel
    {
        get
        {
            Loaded();
            return _default!;
        }
    }

    /// <summary>Every model with its folder, in catalogue order.</summary>
    public IReadOnlyList<CatalogModel> Entries => Loaded();

    public bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        model = TryFindEntry(name, out var entry) ? entry.Info : null;
        return model is not null;
    }

    public bool TryFindEntry(string? name, [NotNullWhen(true)] out CatalogModel? model)
    {
        model = string.IsNullOrWhiteSpace(name) ? null
            : Loaded().FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }

    /// <summary>The named model, or the default for a null name; an unknown name is a request problem naming the choices.</summary>
    public CatalogModel Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return DefaultModel;
        if (TryFindEntry(name, out var model))
            return model;
        throw new DiffusionRequestException($"Unknown model '{name}'. Choose one of: {string.Join(", ", Loaded().Select(m => m.Name))}.");
    }

    /// <summary>Opens and checks every entry's folder (once; later calls return at once).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (IsLoaded)
            return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_models is not null)
                return;
            var o = options.Value;
            var problems = new List<string>();
            var models = new List<CatalogModel>();
            // An entry with an empty Path is left out, so an environment variable can switch off one an image or file sets.
            var entries = o.Entries.Where(e => !string.IsNullOrWhiteSpace(e.Value.Path)).OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase).ToList();
            if (entries.Count == 0)
            {
                var folder = ModelFolder.Open(await fallback.GetModelFolderAsync(cancellationToken));
                var builtIn = o.BuiltIn;
                if (string.IsNullOrWhiteSpace(builtIn.Description))
                    builtIn.Description = "The built-in model (no Models:Entries configured).";
                models.Add(ModelInfoBuilder.Build(folder.Name, folder, builtIn, problems));
            }
            else
            {
                var directory = Path.GetFullPath(o.Directory);
                foreach (var (name, entry) in entries)
                {
                    try
                    {
                        var folder = ModelFolder.Open(Path.GetFullPath(entry.Path, directory));
                        models.Add(ModelInfoBuilder.Build(name, folder, entry, problems));
                    }
                    catch (DiffusionModelException ex)
                    {
                        problems.Add($"{ModelsOptions.SectionName}:Entries:{name}: {ex.Message}");
                    }
                }
            }

            var chosen = string.IsNullOrWhiteSpace(o.Default) ? models.FirstOrDefault()
                : models.FirstOrDefault(m => string.Equals(m.Name, o.Default.Trim(), StringComparison.OrdinalIgnoreCase));
            if (chosen is null && problems.Count == 0)
                problems.Add($"{ModelsOptions.SectionName}:Default '{o.Default}' is not in the catalogue; use one of: {string.Join(", ", models.Select(m => m.Name))}.");
            if (problems.Count > 0)
                throw new DiffusionModelException("The model catalogue cannot be used: " + string.Join(" ", problems));
            _default = chosen;
            Volatile.Write(ref _models, models);
        }
        finally
        {
            _gate.Release();
        }
    }

    private IReadOnlyList<CatalogModel> Loaded() =>
        Volatile.Read(ref _models) ?? throw new InvalidOperationException("The model catalogue is read at start-up; it is not loaded yet (call LoadAsync first).");

    public void Dispose() => _gate.Dispose();
}
