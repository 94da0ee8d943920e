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

/// <summary>img2img from one PNG: <see cref="Count"/> variations at <see cref="Strength"/>.</summary>
public sealed record VariationRequest(
    ReadOnlyMemory<byte> SourcePng, string Prompt, string? NegativePrompt, long Seed, int Steps, double Guidance,
    double Strength, int Width, int Height, int Count, string Model, string Scheduler, string NoiseSource)
{
    /// <inheritdoc cref="TextToImageRequest.JobId"/>
    public Jobs.JobId? JobId { get; init; }
}

public readonly record struct GenerationProgress(int Step, int TotalSteps);

public sealed record GeneratedImage(byte[] Png, long Seed, bool Nsfw, int Width, int Height);

/// <summary>What the engine made. <see cref="TruncationNote"/> tells users what part of the prompt was cut at 77 tokens.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedImage> Images, string? TruncationNote, string? Method);
