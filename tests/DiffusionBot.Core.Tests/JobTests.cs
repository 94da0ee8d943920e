using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Tests;

public sealed class JobTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    internal static JobParameters Parameters(int count = 1) => new()
    {
        Prompt = "a cat",
        Seed = 1,
        Steps = 20,
        Guidance = 7.5,
        Width = 512,
        Height = 512,
        Count = count,
        Model = "stable-diffusion-v1-5",
        Scheduler = "euler_a",
        NoiseSource = "cpu",
    };

    internal static Job NewJob(long id = 1, ulong user = 1) =>
        new(new JobId(id), JobKind.Imagine, new JobOrigin(user, 10, 20, null), Parameters(), 1, T0);

    [Fact]
    public void Transitions_HappyPath_RecordTimesAndImages()
    {
        var job = NewJob();
        job.MarkRunning(T0.AddSeconds(1));
        job.MarkSucceeded(T0.AddSeconds(4), [new ImageRef(0, 1, false, 512, 512)], "cut", null);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), job.Duration);
        Assert.Single(job.Images);
        job.MarkDeleted();
        Assert.Equal(JobStatus.Deleted, job.Status);
    }

    [Fact]
    public void MarkSucceeded_WhileQueued_Throws()
    {
        var job = NewJob();
        var error = Assert.Throws<InvalidJobTransitionException>(() => job.MarkSucceeded(T0, [new ImageRef(0, 1, false, 512, 512)], null, null));
        Assert.Contains("Queued", error.Message);
    }

    [Fact]
    public void MarkRunning_Twice_Throws()
    {
        var job = NewJob();
        job.MarkRunning(T0);
        Assert.Throws<InvalidJobTransitionException>(() => job.MarkRunning(T0));
    }

    [Fact]
    public void TryMarkCancelled_AfterSuccess_ReturnsFalseAndKeepsStatus()
    {
        var job = NewJob();
        job.MarkRunning(T0);
        job.MarkSucceeded(T0, [new ImageRef(0, 1, false, 512, 512)], null, null);
        Assert.False(job.TryMarkCancelled(T0));
        Assert.Equal(JobStatus.Succeeded, job.Status);
    }

    [Fact]
    public void MarkDeleted_WhilePending_Throws()
    {
        var job = NewJob();
        Assert.Throws<InvalidJobTransitionException>(job.MarkDeleted);
    }

    [Fact]
    public void Requeue_Running_GoesBackToQueued()
    {
        var job = NewJob();
        job.MarkRunning(T0);
        job.Requeue();
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Null(job.StartedAt);
    }
}
