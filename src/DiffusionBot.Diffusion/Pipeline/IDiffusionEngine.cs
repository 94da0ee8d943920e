using DiffusionBot.Diffusion.Upscaling;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Stable Diffusion on ONNX Runtime. Thread-safe; models load on first use and stay loaded.
/// Bad requests throw <see cref="DiffusionRequestException"/>; model or configuration problems throw
/// <see cref="DiffusionModelException"/>; cancellation throws <see cref="OperationCanceledException"/>.</summary>
public interface IDiffusionEngine
{
    GenerationLimits Limits { get; }

    /// <summary>Checks a request against the limits without running anything; returns the problems (empty when fine).</summary>
    IReadOnlyList<string> Validate(GenerationRequest request);

    /// <summary>The loaded model's defaults for settings a request leaves out (loads the model if needed).</summary>
    Task<Models.ModelDefaults> GetModelDefaultsAsync(CancellationToken cancellationToken);

    Task<GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken);

    Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Upscales a PNG by 2 or 4 (ONNX super-resolution when configured, else a SkiaSharp resample).</summary>
    Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken);

    /// <summary>CLIP token count of a prompt and what would be cut at 77 tokens.</summary>
    Task<PromptTokens> CountTokensAsync(string prompt, CancellationToken cancellationToken);
}
