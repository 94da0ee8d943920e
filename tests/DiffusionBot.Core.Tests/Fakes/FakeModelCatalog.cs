using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>A catalogue fixed by the test; <see cref="Sd15"/> matches the bot's former built-in limits. Tests add and
/// remove models (a removed model stands for one that left the catalogue between two starts).</summary>
internal sealed class FakeModelCatalog(params ModelInfo[] models) : IModelCatalog
{
    public const string DefaultName = "stable-diffusion-v1-5";

    public static readonly IReadOnlyList<string> AllSchedulers = ["euler_a", "euler", "ddim", "dpm++2m", "dpm++2m-karras", "lms", "lcm"];

    public static ModelInfo Sd15 { get; } = new(DefaultName, "SD 1.x", "the classic", new ImageSize(512, 512),
        [new(512, 512), new(512, 768), new(768, 512), new(768, 768)], 25, 50, 7.5, 0, 20, "euler_a", AllSchedulers);

    public static ModelInfo SdTurbo { get; } = new("sd-turbo", "SD-Turbo", "", new ImageSize(256, 256),
        [new(256, 256), new(256, 384), new(384, 256)], 1, 4, 0, 0, 1, "euler", AllSchedulers);

    public FakeModelCatalog() : this(Sd15, SdTurbo)
    {
    }

    public IReadOnlyList<ModelInfo> Models { get; set; } = models;

    public ModelInfo Default => Models[0];

    public bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        model = Models.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }

    public ModelInfo Add(string name, string family = "SDXL", string description = "", int side = 1024)
    {
        var model = Model(name, family, description, side);
        Models = [.. Models, model];
        return model;
    }

    public void Remove(string name) => Models = [.. Models.Where(m => !string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))];

    public static ModelInfo Model(string name, string family, string description, int side = 512)
    {
        var size = new ImageSize(side, side);
        return new ModelInfo(name, family, description, size, [size], 25, 50, 7.5, 0, 20, "euler_a", ["euler_a"]);
    }
}
