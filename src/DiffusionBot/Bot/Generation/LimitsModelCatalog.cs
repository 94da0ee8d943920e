using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Generation;

/// <summary>
/// Stand-in catalogue until the <c>Models</c> catalogue lands: one entry per <c>Limits:Models</c> name (the engine
/// serves the single model of Generator:ModelPath), with the bot's Limits as its sizes, steps, guidance and schedulers.
/// Replace this file with the real catalogue's registration.
/// </summary>
internal sealed class LimitsModelCatalog : IModelCatalog
{
    private readonly List<ModelInfo> _models;

    public LimitsModelCatalog(IOptions<LimitsOptions> limits, IOptions<GeneratorOptions> generator)
    {
        var l = limits.Value;
        var family = string.IsNullOrWhiteSpace(generator.Value.ModelPath) ? "built-in demo model" : "Stable Diffusion";
        var sizes = l.SizeChoices.Select(s => ImageSize.TryParse(s, out var parsed) ? parsed : default).Where(s => s != default).ToList();
        var defaultSize = ImageSize.TryParse(l.EffectiveDefaultSize, out var size) ? size : sizes[0];
        _models = [.. l.ModelChoices.Select(name => new ModelInfo(name, family, "", defaultSize, sizes, l.DefaultSteps, l.MaxSteps,
            l.DefaultGuidance, l.MinGuidance, l.MaxGuidance, l.EffectiveDefaultScheduler, l.SchedulerChoices))];
        Default = _models.First(m => string.Equals(m.Name, l.EffectiveDefaultModel, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<ModelInfo> Models => _models;

    public ModelInfo Default { get; }

    public bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        model = _models.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }
}
