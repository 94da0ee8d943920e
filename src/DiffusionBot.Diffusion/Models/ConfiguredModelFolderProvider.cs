using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Models;

/// <summary>The model folder named by Generator:ModelPath.</summary>
internal sealed class ConfiguredModelFolderProvider(IOptions<GeneratorOptions> options) : IModelFolderProvider
{
    public ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.ModelPath;
        if (string.IsNullOrWhiteSpace(path))
            throw new DiffusionModelException("Generator:ModelPath is not set. Set it (or the environment variable Generator__ModelPath) to a diffusers/optimum ONNX model folder.");
        return ValueTask.FromResult(path);
    }
}
