using System.Collections.Concurrent;
using System.Diagnostics;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Benchmarks.Workers;

/// <summary>Notes when each job (by prompt) reached this generator and when its images came back (Stopwatch timestamps).</summary>
internal sealed class StampedGenerator(IImageGenerator inner) : IImageGenerator
{
    public ConcurrentDictionary<string, long> CalledAt { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, long> FinishedAt { get; } = new(StringComparer.Ordinal);

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        StampAsync(request.Prompt, () => inner.GenerateAsync(request, progress, cancellationToken));

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        StampAsync(request.Prompt, () => inner.UpscaleAsync(request, progress, cancellationToken));

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        StampAsync(request.Prompt, () => inner.VaryAsync(request, progress, cancellationToken));

    private async Task<GenerationResult> StampAsync(string prompt, Func<Task<GenerationResult>> run)
    {
        CalledAt[prompt] = Stopwatch.GetTimestamp();
        var result = await run();
        FinishedAt[prompt] = Stopwatch.GetTimestamp();
        return result;
    }
}
