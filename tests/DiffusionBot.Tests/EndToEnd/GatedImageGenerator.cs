using DiffusionBot.Core.Ports;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>Wraps the real generator: records the prompts in the order the worker asks for them and, while closed,
/// holds every call (so tests can fill the queue deterministically).</summary>
internal sealed class GatedImageGenerator(IImageGenerator inner, bool startOpen) : IImageGenerator
{
    private readonly Lock _sync = new();
    private readonly List<string> _order = [];
    private TaskCompletionSource _open = NewGate(startOpen);

    public IReadOnlyList<string> Order
    {
        get
        {
            lock (_sync) return [.. _order];
        }
    }

    /// <summary>Stopwatch timestamps of the moments the real generator handed back its PNGs.</summary>
    public List<long> Finished { get; } = [];

    public void Open() => _open.TrySetResult();

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request.Prompt, () => inner.GenerateAsync(request, progress, cancellationToken), cancellationToken);

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request.Prompt, () => inner.UpscaleAsync(request, progress, cancellationToken), cancellationToken);

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request.Prompt, () => inner.VaryAsync(request, progress, cancellationToken), cancellationToken);

    private async Task<GenerationResult> RunAsync(string prompt, Func<Task<GenerationResult>> run, CancellationToken cancellationToken)
    {
        lock (_sync) _order.Add(prompt);
        await _open.Task.WaitAsync(cancellationToken);
        var result = await run();
        lock (_sync) Finished.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        return result;
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) gate.SetResult();
        return gate;
    }
}
