namespace DiffusionBot.Core.Ports;

/// <summary>The single generator (the diffusion engine behind an adapter). Calls come one at a time from the worker.</summary>
public interface IImageGenerator
{
    Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken);

    Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken);

    Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken);
}

/// <summary>txt2img: <see cref="Count"/> images; image i uses seed <see cref="Seed"/> + i unless the engine says otherwise in the result.
/// <see cref="NoiseSource"/> is the job's (<see cref="Jobs.JobParameters.NoiseSource"/>).</summary>
public sealed record TextToImageRequest(
    string Prompt, string? NegativePrompt, long Seed, int Steps, double Guidance, int Width, int Height, int Count, string Model, string Scheduler,
    string NoiseSource)
{
    /// <summary>The job this request is for: a generator that runs elsewhere correlates its answer with it.</summary>
    public Jobs.JobId? JobId { get; init; }
}

/// <summary>Upscales one PNG by <see cref="Factor"/>. The result keeps the source image's <see cref="Seed"/> and
/// safety flag (<see cref="SourceNsfw"/>): an upscale never un-flags an image.</summary>
public sealed record UpscaleRequest(ReadOnlyMemory<byte> SourcePng, int Factor, string Prompt, string Model, long Seed, bool SourceNsfw)
{
    /// <inheritdoc cref="TextToImageRequest.JobId"/>
    public Jobs.JobId? JobId { get; init; }
}

/// <summary>Image-to-image ("variations"): the source is encoded, noised to <paramref name="Strength"/> and denoised
/// again under <paramref name="Prompt"/>. The output has the source size, fitted to a size the model allows. Null
/// settings take the model's defaults (the bot always sets them; the CLI and tests may not).</summary>
/// <param name="Strength">How much to change, in (0, 1]; 1 ignores the source almost entirely.</param>
/// <param name="Seed">Seed of image 0; image i uses Seed + i. Null: the engine picks one.</param>
/// <param name="NoiseSource">How noise is drawn from the seeds (<c>cpu</c>, <c>nv</c>, <c>xoshiro</c>); null: the configured one.</param>
/// <param name="Model">A catalogue name; null: the catalogue's default.</param>
public sealed record VariationRequest(
    ReadOnlyMemory<byte> SourcePng,
    string Prompt,
    double? Strength = null,
    string? NegativePrompt = null,
    long? Seed = null,
    int? Steps = null,
    double? Guidance = null,
    int Count = 1,
    string? Scheduler = null,
    string? NoiseSource = null,
    string? Model = null)
{
    /// <inheritdoc cref="TextToImageRequest.JobId"/>
    public Jobs.JobId? JobId { get; init; }
}

/// <summary>How far a job has come. <see cref="Phase"/> names a stage before the steps (e.g. "Loading model sdxl…");
/// null while denoising.</summary>
public readonly record struct GenerationProgress(int Step, int TotalSteps, string? Phase = null);
