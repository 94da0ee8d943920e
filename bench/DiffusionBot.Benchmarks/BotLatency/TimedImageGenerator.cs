using System.Collections.Concurrent;
using System.Diagnostics;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Benchmarks.BotLatency;

/// <summary>Wraps the bot's generator: holds calls while closed and notes when each PNG was handed back (by prompt).</summary>
internal sealed class TimedImageGenerator(IImageGenerator inner) : IImageGenerator
{
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentDictionary<string, long> FinishedAt { get; } = new(StringComparer.Ordinal);

    public void Open() => _open.TrySetResult();

    public void Close()
    {
        if (_open.Task.IsCompleted) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        TimeAsync(request.Prompt, () => inner.GenerateAsync(request, progress, cancellationToken), cancellationToken);

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        TimeAsync(request.Prompt, () => inner.UpscaleAsync(request, progress, cancellationToken), cancellationToken);

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        TimeAsync(request.Prompt, () => inner.VaryAsync(request, progress, cancellationToken), cancellationToken);

    private async Task<GenerationResult> TimeAsync(string prompt, Func<Task<GenerationResult>> run, CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        var result = await run();
        FinishedAt[prompt] = Stopwatch.GetTimestamp();
        return result;
    }
}
