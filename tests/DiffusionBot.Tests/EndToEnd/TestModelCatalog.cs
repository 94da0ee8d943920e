using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>A catalogue for end-to-end tests, standing in for the bot's view of the engine's: the harness's demo model
/// first (the only one the engine serves; jobs on the others are never run), then the given ones.</summary>
internal sealed class TestModelCatalog(params ModelInfo[] extra) : IModelCatalog
{
    /// <summary>The name the engine gives the harness's demo model (its folder's name).</summary>
    public const string DefaultName = "diffusionbot-tests-demo-model";

    private readonly List<ModelInfo> _models = [Model(DefaultName, "SD 1.x", "the demo default"), .. extra];

    public IReadOnlyList<ModelInfo> Models => _models;

    public ModelInfo Default => _models[0];

    public bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        model = _models.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }

    /// <summary>Takes a model out, as a restart with a smaller catalogue would.</summary>
    public void Remove(string name) => _models.RemoveAll(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public static ModelInfo Model(string name, string family, string description)
    {
        var size = new ImageSize(64, 64);
        return new ModelInfo(name, family, description, size, [size, new ImageSize(128, 128)], 2, 50, 7.5, 0, 20, "euler_a", ["euler_a", "euler", "ddim"]);
    }
}
