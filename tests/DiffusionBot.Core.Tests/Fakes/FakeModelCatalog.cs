using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>An in-memory catalogue: starts with the one model the configured defaults name; tests add and remove models
/// (a removed model stands for one that left the catalogue between two starts).</summary>
internal sealed class FakeModelCatalog : IModelCatalog
{
    public const string DefaultName = "stable-diffusion-v1-5";

    private readonly List<ModelInfo> _models = [Model(DefaultName, "SD 1.x", "the classic")];

    public IReadOnlyList<ModelInfo> Models => _models;

    public ModelInfo Default => _models[0];

    public bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        model = _models.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }

    public ModelInfo Add(string name, string family = "SDXL", string description = "", int side = 1024)
    {
        var model = Model(name, family, description, side);
        _models.Add(model);
        return model;
    }

    public void Remove(string name) => _models.RemoveAll(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public static ModelInfo Model(string name, string family, string description, int side = 512)
    {
        var size = new ImageSize(side, side);
        return new ModelInfo(name, family, description, size, [size], 25, 50, 7.5, 0, 20, "euler_a", ["euler_a"]);
    }
}
