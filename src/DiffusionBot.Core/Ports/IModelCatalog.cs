using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Core.Models;

namespace DiffusionBot.Core.Ports;

/// <summary>The base models this bot serves (the <c>Models</c> configuration section), fixed at start-up.</summary>
public interface IModelCatalog
{
    /// <summary>Every model, in catalogue order.</summary>
    IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The model a request gets when it names none.</summary>
    ModelInfo Default { get; }

    /// <summary>Finds a model by name, ignoring case.</summary>
    bool TryFind(string? name, [NotNullWhen(true)] out ModelInfo? model);
}
