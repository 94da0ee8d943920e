using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Tests.Bot;

/// <summary>A catalogue fixed by the test: an SD 1.5-like model and SD-Turbo.</summary>
internal sealed class TestModelCatalog(params ModelInfo[] models) : IModelCatalog
{
    public static ModelInfo Sd15 { get; } = new("stable-diffusion-v1-5", "SD 1.x", "", new ImageSize(512, 512),
        [new(512, 512), new(512, 768), new(768, 512), new(768, 768)], 25, 50, 7.5, 0, 20, "euler_a", ["euler_a", "euler", "ddim"]);

    public static ModelInfo SdTurbo { get; } = new("sd-turbo", "SD-Turbo", "", new ImageSize(256, 256), [new(256, 256)], 1, 4, 0, 0, 1, "euler", ["euler"]);

    public TestModelCatalog() : this(Sd15, SdTurbo)
    {
    }

    public IReadOnlyList<ModelInfo> Models { get; } = models;

    public ModelInfo Default => Models[0];

    public bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        model = Models.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }
}
