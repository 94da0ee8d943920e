using DiffusionBot.Core.Ports;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>Wraps the real generator: records the prompts in the order the worker asks for them and, while closed,
/// holds every call (so tests can fill the queue deterministically).</summary>
internal sealed class GatedImageGenerator(IImageGenerator inner, bool startOpen) : IImageGenerator
{
    private readonly Lock _sync = new();
    private readonly List<string> _order = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _callWaiters = [];
    private readonly TaskCompletionSource _open = NewGate(startOpen);

    public IReadOnlyList<string> Order
    {
        get
        {
            lock (_sync) return [.. _order];
        }
    }

    public void Open() => _open.TrySetResult();

    /// <summary>Completes once the worker has asked for <paramref name="count"/> generations (signalled by the call
    /// itself, no polling); throws <see cref="TimeoutException"/> after <see cref="BotHarness.Timeout"/> as a hang guard.</summary>
    public Task WhenCalledAsync(int count, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_order.Count >= count)
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _callWaiters.Add((count, signal));
            return signal.Task.WaitAsync(BotHarness.Timeout, cancellationToken);
        }
    }

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request.Prompt, () => inner.GenerateAsync(request, progress, cancellationToken), cancellationToken);

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request.Prompt, () => inner.UpscaleAsync(request, progress, cancellationToken), cancellationToken);

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request.Prompt, () => inner.VaryAsync(request, progress, cancellationToken), cancellationToken);

    private async Task<GenerationResult> RunAsync(string prompt, Func<Task<GenerationResult>> run, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _order.Add(prompt);
            foreach (var waiter in _callWaiters.Where(w => w.Count <= _order.Count).ToList())
            {
                _callWaiters.Remove(waiter);
                waiter.Signal.SetResult();
            }
        }

        await _open.Task.WaitAsync(cancellationToken);
        return await run();
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) gate.SetResult();
        return gate;
    }
}
