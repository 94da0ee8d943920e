using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>A generator whose behaviour each test sets: reports progress, may wait for a release, throw, or honour cancellation.</summary>
internal sealed class FakeGenerator : IImageGenerator
{
    public List<object> Requests { get; } = [];

    public Func<Exception?> Failure { get; set; } = () => null;

    /// <summary>When set, generation waits for it (and for cancellation) after the first progress report.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ProgressSteps { get; set; } = 5;

    /// <summary>Marks every generated image as flagged by the safety checker.</summary>
    public bool FlagImages { get; set; }

    public Action<int>? OnStep { get; set; }

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request, request.Count, request.Seed, request.Width, request.Height, progress, cancellationToken);

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request, 1, 0, 1024, 1024, progress, cancellationToken, "fake-upscaler");

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(request, request.Count, request.Seed ?? 0, 512, 512, progress, cancellationToken);

    private async Task<GenerationResult> RunAsync(object request, int count, long seed, int width, int height, IProgress<GenerationProgress> progress, CancellationToken ct, string? method = null)
    {
        Requests.Add(request);
        Started.TrySetResult();
        for (var step = 1; step <= ProgressSteps; step++)
        {
            ct.ThrowIfCancellationRequested();
            progress.Report(new GenerationProgress(step, ProgressSteps));
            OnStep?.Invoke(step);
            if (step == 1 && Gate is { } gate) await gate.Task.WaitAsync(ct);
        }
        if (Failure() is { } failure) throw failure;
        var images = Enumerable.Range(0, count).Select(i => new GeneratedImage([0x89, 0x50, 0x4E, 0x47, (byte)i], seed + i, Nsfw: FlagImages, width, height)).ToArray();
        return new GenerationResult(images, "cut: 'extra words'", method);
    }
}
