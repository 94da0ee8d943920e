using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Models;

/// <summary>No built-in model: an empty catalogue is a configuration problem.</summary>
internal sealed class ConfiguredModelFolderProvider : IModelFolderProvider
{
    public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken) =>
        throw new DiffusionModelException($"The model catalogue is empty. Add a model: {ModelsOptions.SectionName}:Entries:<name>:Path (or the environment variable Models__Entries__<name>__Path) naming a diffusers/optimum ONNX model folder, or run `models pull <hub-repo>`.");
}
