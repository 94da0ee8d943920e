using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class GenerationWorkerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Process_Success_StoresImagesMarksSucceededAndNotifies()
    {
        using var h = new CoreHarness();
        h.Generator.OnStep = _ => h.Time.Advance(TimeSpan.FromSeconds(1));
        var job = (await h.ImagineAsync(1, new ImagineOptions("cat") { Count = 2L, Seed = 77L })).Job!;
        await h.DrainQueueAsync();
        var stored = (await h.Jobs.GetAsync(job.Id, None))!;
        Assert.Equal(JobStatus.Succeeded, stored.Status);
        Assert.Equal([77L, 78L], stored.Images.Select(i => i.Seed));
        Assert.Equal("cut: 'extra words'", stored.TruncationNote);
        Assert.Equal(TimeSpan.FromSeconds(5), stored.Duration);
        Assert.Equal(2, h.Images.Count);
        Assert.Equal([job.Id], h.Notifier.Completed);
        Assert.Equal(8, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
        var request = Assert.IsType<TextToImageRequest>(Assert.Single(h.Generator.Requests));
        Assert.Equal(("cat", 77L, 2, "cpu"), (request.Prompt, request.Seed, request.Count, request.NoiseSource));
    }

    [Fact]
    public async Task Process_ProgressEveryHalfSecond_ThrottledToTwoSecondInterval()
    {
        using var h = new CoreHarness();
        h.Generator.ProgressSteps = 10;
        h.Generator.OnStep = _ => h.Time.Advance(TimeSpan.FromMilliseconds(500));
        await h.ImagineAsync(1, "cat");
        await h.DrainQueueAsync();
        // Steps at t = 0, 0.5, ..., 4.5 s: shown at 0, 2 and 4 s.
        Assert.Equal([1, 5, 9], h.Notifier.Progress.Select(p => p.Step));
    }

    [Fact]
    public async Task Process_GeneratorFails_RefundsAndNotifiesClearMessage()
    {
        using var h = new CoreHarness();
        h.Generator.Failure = () => new GenerationFailedException("The model 'x' is not loaded.");
        var job = (await h.ImagineAsync(1, new ImagineOptions("cat") { Count = 4L })).Job!;
        await h.DrainQueueAsync();
        Assert.Equal(JobStatus.Failed, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal([(job.Id, "The model 'x' is not loaded.")], h.Notifier.Failed);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Process_UnexpectedException_FailsWithGenericMessageAndKeepsWorking()
    {
        using var h = new CoreHarness();
        var calls = 0;
        h.Generator.Failure = () => Interlocked.Increment(ref calls) == 1 ? new InvalidOperationException("onnx exploded") : null;
        var bad = (await h.ImagineAsync(1, "cat")).Job!;
        var good = (await h.ImagineAsync(2, "dog")).Job!;
        await h.DrainQueueAsync();
        Assert.Equal(GenerationWorker.InternalErrorMessage, h.Jobs.StateOf(bad.Id)!.FailureReason);
        Assert.Equal(JobStatus.Succeeded, h.Jobs.StateOf(good.Id)!.Status);
    }

    [Fact]
    public async Task Cancel_WhileRunning_StopsGeneratorRefundsOnceAndNotifies()
    {
        using var h = new CoreHarness();
        h.Generator.Gate = new TaskCompletionSource();
        var job = (await h.ImagineAsync(1, new ImagineOptions("cat") { Count = 2L })).Job!;
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => h.Get<GenerationWorker>().RunAsync(stop.Token), None);
        await h.Generator.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), None);
        Assert.Equal(JobStatus.Running, h.Jobs.StateOf(job.Id)!.Status);

        var cancelId = new ButtonCustomId(ButtonAction.Cancel, job.Id).Format();
        var first = await h.PressAsync(CoreHarness.User(1), cancelId);
        Assert.True(first.Success, first.Message);
        await h.Notifier.WhenAsync(() => h.Notifier.Cancelled.Count == 1, None).WaitAsync(TimeSpan.FromSeconds(10), None);
        var second = await h.PressAsync(CoreHarness.User(1), cancelId);
        Assert.False(second.Success);

        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
        Assert.False(await h.Get<QuotaService>().RefundAndSaveAsync((await h.Jobs.GetAsync(job.Id, None))!, None));
        Assert.Empty(h.Notifier.Completed);
        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10), None);
    }

    [Fact]
    public async Task Cancel_WhileRunningAndRefundFails_WorkerNotifiesAndKeepsWorking()
    {
        using var h = new CoreHarness();
        h.Generator.Gate = new TaskCompletionSource();
        var cancelled = (await h.ImagineAsync(1, "cat")).Job!;
        var next = (await h.ImagineAsync(2, "dog")).Job!;
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => h.Get<GenerationWorker>().RunAsync(stop.Token), None);
        await h.Generator.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), None);

        h.Quotas.UpdateFailure = new IOException("database gone");
        var press = await h.PressAsync(CoreHarness.User(1), new ButtonCustomId(ButtonAction.Cancel, cancelled.Id).Format());
        Assert.True(press.Success, press.Message);
        h.Generator.Gate.SetResult();
        await Task.WhenAny(h.Notifier.WhenAsync(() => h.Notifier.Completed.Contains(next.Id), None), worker).WaitAsync(TimeSpan.FromSeconds(10), None);

        Assert.False(worker.IsCompleted, worker.Exception?.ToString());
        Assert.Equal([cancelled.Id], h.Notifier.Cancelled);
        Assert.Equal([next.Id], h.Notifier.Completed);
        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(cancelled.Id)!.Status);
        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10), None);
    }

    [Fact]
    public async Task Cancel_JobEndedAfterCallerReadIt_SaysFinishedAndChangesNothing()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        var readWhilePending = (await h.Jobs.GetAsync(job.Id, None))!;
        await h.DrainQueueAsync();

        var result = await h.Get<JobCanceller>().CancelAsync(readWhilePending, None);

        Assert.False(result.Success);
        Assert.Equal("That job has already finished.", result.Message);
        Assert.Equal([job.Id], h.Notifier.Completed);
        Assert.Empty(h.Notifier.Cancelled);
        Assert.Equal(JobStatus.Succeeded, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal(9, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Cancel_WhileResultIsBeingPosted_PostedOnceNeverRefunded()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        var readWhilePending = (await h.Jobs.GetAsync(job.Id, None))!;
        CommandResult? cancel = null;
        h.Notifier.BeforeCompleted = async () => cancel = await h.Get<JobCanceller>().CancelAsync(readWhilePending, None);

        await h.DrainQueueAsync();

        Assert.NotNull(cancel);
        Assert.False(cancel.Success);
        Assert.Equal(JobCanceller.TooLateMessage, cancel.Message);
        Assert.Equal([job.Id], h.Notifier.Completed);
        Assert.Empty(h.Notifier.Cancelled);
        Assert.Equal(JobStatus.Succeeded, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal(9, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Cancel_AfterGenerationBeforeFinish_RefundedNeverPosted()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        h.Generator.OnStep = step =>
        {
            if (step == h.Generator.ProgressSteps)
                Assert.Equal(CancelRequestOutcome.Signalled, h.Get<RunningJobs>().RequestCancel(job.Id, out _));
        };

        await h.DrainQueueAsync();

        Assert.Empty(h.Notifier.Completed);
        Assert.Equal([job.Id], h.Notifier.Cancelled);
        Assert.Equal(0, h.Images.Count);
        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Process_SavingSucceededFailsOnce_ResultPostedAtOnceAndSavedWithItsMessage()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        var failures = 0;
        h.Jobs.SaveFailure = j => j.Status == JobStatus.Succeeded && failures++ == 0 ? new IOException("disk full") : null;

        await h.DrainQueueAsync();

        Assert.Equal([job.Id], h.Notifier.Completed);
        Assert.Empty(h.Notifier.Failed);
        var stored = h.Jobs.StateOf(job.Id)!;
        Assert.Equal(JobStatus.Succeeded, stored.Status);
        Assert.Equal(RecordingNotifier.MessageIdFor(job.Id), stored.MessageId);
    }

    [Fact]
    public async Task Process_Success_WorkerSavesThePostedMessageId()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        await h.DrainQueueAsync();
        Assert.Equal(RecordingNotifier.MessageIdFor(job.Id), h.Jobs.StateOf(job.Id)!.MessageId);
    }

    [Fact]
    public async Task Cancel_QueuedJobAndRefundFails_StillCancelledSavedAndNotified()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        h.Quotas.UpdateFailure = new IOException("database gone");

        var result = await h.Get<JobCanceller>().CancelAsync(job, None);

        Assert.True(result.Success, result.Message);
        Assert.Equal("Cancelled.", result.Message);
        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal([job.Id], h.Notifier.Cancelled);
        Assert.Equal(0, h.Get<FairJobQueue>().Count);
    }

    [Fact]
    public async Task Cancel_QueuedJobWhileShuttingDown_StillSavedRefundedAndNotified()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        var result = await h.Get<JobCanceller>().CancelAsync(job, stopping.Token);

        Assert.True(result.Success, result.Message);
        Assert.Equal(JobStatus.Cancelled, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Equal(10, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
        Assert.Equal([job.Id], h.Notifier.Cancelled);
    }

    [Fact]
    public async Task Shutdown_WhileRunning_LeavesJobRunningForRecovery()
    {
        using var h = new CoreHarness();
        h.Generator.Gate = new TaskCompletionSource();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => h.Get<GenerationWorker>().RunAsync(stop.Token), None);
        await h.Generator.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), None);
        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10), None);
        Assert.Equal(JobStatus.Running, h.Jobs.StateOf(job.Id)!.Status);
        Assert.Empty(h.Notifier.Failed);
        Assert.Empty(h.Notifier.Cancelled);
        Assert.Equal(9, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
    }

    [Fact]
    public async Task Shutdown_WhileResultIsPosted_PostIsNotCancelled()
    {
        using var h = new CoreHarness();
        var job = (await h.ImagineAsync(1, "cat")).Job!;
        using var stop = new CancellationTokenSource();
        h.Notifier.OnCompleted = stop.Cancel;
        await h.Get<GenerationWorker>().TryProcessNextAsync(stop.Token);

        Assert.Equal([job.Id], h.Notifier.Completed);
        Assert.Equal([false], h.Notifier.CompletedCancelled);
        Assert.Equal(JobStatus.Succeeded, h.Jobs.StateOf(job.Id)!.Status);
    }

    [Fact]
    public async Task Upscale_SourceDeletedMeanwhile_FailsWithClearMessageAndRefunds()
    {
        using var h = new CoreHarness();
        var source = (await h.ImagineAsync(1, "cat")).Job!;
        await h.DrainQueueAsync();
        var upscale = (await h.PressAsync(CoreHarness.User(1), new ButtonCustomId(ButtonAction.Upscale, source.Id, 0).Format())).NewJob!;
        await h.Images.DeleteAllAsync(source.Id, None);
        await h.DrainQueueAsync();
        Assert.Contains("source image was deleted", h.Jobs.StateOf(upscale.Id)!.FailureReason);
        Assert.Equal(9, (await h.Get<QuotaService>().GetStatusAsync(1, None)).Remaining);
    }
}
