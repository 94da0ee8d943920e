using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Options;

/// <summary>Cross-field rules that data annotations cannot express.</summary>
internal sealed class GeneratorOptionsValidator : IValidateOptions<GeneratorOptions>
{
    public ValidateOptionsResult Validate(string? name, GeneratorOptions options)
    {
        var failures = new List<string>();
        if (options.MaxWidth % 8 != 0 || options.MaxHeight % 8 != 0)
            failures.Add("Generator:MaxWidth and Generator:MaxHeight must be multiples of 8.");
        if (options.DefaultWidth % 8 != 0 || options.DefaultHeight % 8 != 0)
            failures.Add("Generator:DefaultWidth and Generator:DefaultHeight must be multiples of 8.");
        if (options.DefaultWidth > options.MaxWidth || options.DefaultHeight > options.MaxHeight)
            failures.Add("Generator:DefaultWidth/DefaultHeight must not exceed Generator:MaxWidth/MaxHeight.");
        if (options.DefaultSteps > options.MaxSteps)
            failures.Add($"Generator:DefaultSteps ({options.DefaultSteps}) must not exceed Generator:MaxSteps ({options.MaxSteps}).");
        if (options.DefaultGuidance > options.MaxGuidance)
            failures.Add($"Generator:DefaultGuidance ({options.DefaultGuidance}) must not exceed Generator:MaxGuidance ({options.MaxGuidance}).");
        if (!SchedulerNames.TryParse(options.DefaultScheduler, out _))
            failures.Add($"Generator:DefaultScheduler '{options.DefaultScheduler}' is unknown; use one of: {string.Join(", ", SchedulerNames.CanonicalNames)}.");
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
