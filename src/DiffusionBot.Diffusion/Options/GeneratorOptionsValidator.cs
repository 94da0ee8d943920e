using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Options;

/// <summary>Cross-field rules that data annotations cannot express.</summary>
internal sealed class GeneratorOptionsValidator : IValidateOptions<GeneratorOptions>
{
    public ValidateOptionsResult Validate(string? name, GeneratorOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.NoiseSource))
            failures.Add($"Generator:NoiseSource '{options.NoiseSource}' is unknown; use one of: {string.Join(", ", NoiseSources.Names)}.");
        if (options.ExecutionProvider == ExecutionProviderKind.Cuda)
        {
            try
            {
                OnnxSessionFactory.EnsureCudaAvailable();
            }
            catch (DiffusionModelException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.LoraPath) && !Directory.Exists(options.LoraPath))
            failures.Add($"Generator:LoraPath '{options.LoraPath}' is not a folder; point it at the folder of LoRA .safetensors files or leave it empty.");
        if (!string.IsNullOrWhiteSpace(options.EmbeddingPath) && !Directory.Exists(options.EmbeddingPath))
            failures.Add($"Generator:EmbeddingPath '{options.EmbeddingPath}' is not a folder; point it at the folder of embedding .safetensors files or leave it empty.");
        if (options.UpscaleTileOverlap * 2 >= options.UpscaleTileSize)
            failures.Add("Generator:UpscaleTileOverlap must be less than half of Generator:UpscaleTileSize.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
