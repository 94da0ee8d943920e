using DiffusionBot.Core.Ports;

namespace DiffusionBot.Tests.Workers;

/// <summary>A worker's engine adapter that holds the engine inside its first step until the job is cancelled (or a
/// hang guard passes), and records how the engine's run ended: the job is certainly mid-run when the cancel arrives.</summary>
internal sealed class HoldingGenerator(IImageGenerator inner) : IImageGenerator
{
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The exception the engine's run ended with (null: it finished).</summary>
    public TaskCompletionSource<Exception?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(() => inner.GenerateAsync(request, new Hold(this, progress, cancellationToken), cancellationToken));

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(() => inner.UpscaleAsync(request, new Hold(this, progress, cancellationToken), cancellationToken));

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(() => inner.VaryAsync(request, new Hold(this, progress, cancellationToken), cancellationToken));

    private async Task<GenerationResult> RunAsync(Func<Task<GenerationResult>> run)
    {
        try
        {
            var result = await run();
            Ended.TrySetResult(null);
            return result;
        }
        catch (Exception ex)
        {
            Ended.TrySetResult(ex);
            throw;
        }
    }

    private sealed class Hold(HoldingGenerator owner, IProgress<GenerationProgress> target, CancellationToken cancellationToken) : IProgress<GenerationProgress>
    {
        private bool _held;

        public void Report(GenerationProgress value)
        {
            target.Report(value);
            if (_held || value.Step < 1) return;
            _held = true;
            owner.Holding.TrySetResult();
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
        }
    }
}
