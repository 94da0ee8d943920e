using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

public sealed class ProgressAndCancellationTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Records the denoising steps; a loading phase (reported first when this test's engine has not loaded the
    /// model yet, which depends on test order) is left out.</summary>
    private sealed class Recorder(Action<DiffusionProgress>? onReport = null) : IProgress<DiffusionProgress>
    {
        public List<DiffusionProgress> Reports { get; } = [];

        public void Report(DiffusionProgress value)
        {
            if (value.Phase is not null) return;
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    [Fact]
    public async Task GenerateAsync_WithProgress_ReportsEveryStepInOrder()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);
        var progress = new Recorder();

        await engine.GenerateAsync(new GenerationRequest("red", Seed: 1, Steps: 7, Width: 32, Height: 32, Scheduler: "euler"), progress, Ct);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.Equal(7, r.TotalSteps));
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
    }

    [Fact]
    public async Task GenerateAsync_CancelledMidRun_ThrowsWithoutAnotherStep()
    {
        // Deterministic: the cancel happens inside step 3's progress report, so step 4 must never be reported.
        // (A cancel during an ONNX run itself: DenoisingLoopTests.RunUnet_CancelledToken_SetsTerminateFlagWhichOnnxRuntimeHonours.)
        var engine = await models.EngineAsync(DemoModelFolders.Texture);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new Recorder(r =>
        {
            if (r.Step == 3)
                cancellation.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.GenerateAsync(new GenerationRequest("grey", Seed: 1, Steps: 40, Width: 256, Height: 256, Count: 2, Scheduler: "euler_a"), progress, cancellation.Token));

        Assert.Equal(3, progress.Reports.Count);
    }

    [Fact]
    public async Task GenerateAsync_AlreadyCancelled_Throws()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.GenerateAsync(new GenerationRequest("red", Steps: 3, Width: 32, Height: 32), null, new CancellationToken(canceled: true)));
    }
}
