using DiffusionBot.Core.Models;

namespace DiffusionBot.Diffusion.Models;

/// <summary>One catalogue entry as the engine holds it: what members see (<see cref="Info"/>), the checked folder and
/// the defaults a request gets for what it leaves out.</summary>
public sealed record CatalogModel(ModelInfo Info, ModelFolder Folder, ModelDefaults Defaults)
{
    public string Name => Info.Name;
}
