using DiffusionBot.Core.Jobs;
using DiffusionBot.Storage.Jobs;

namespace DiffusionBot.Storage.Tests;

public sealed class LiteJobStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);

    internal static JobParameters Parameters() => new()
    {
        Prompt = "a cat in a hat",
        NegativePrompt = "blurry",
        Seed = 4_000_000_000,
        Steps = 30,
        Guidance = 6.25,
        Width = 768,
        Height = 512,
        Count = 4,
        Model = "stable-diffusion-v1-5",
        Scheduler = "ddim",
        NoiseSource = "nv",
    };

    internal static Job NewJob(long id, ulong user, DateTimeOffset createdAt, ulong? guild = 10) =>
        new(new JobId(id), JobKind.Imagine, new JobOrigin(user, guild, 20, new InteractionRef(ulong.MaxValue - 1, "tok", createdAt)), Parameters(), 4, createdAt);

    [Fact]
    public async Task Save_ThenReopen_GivesBackEveryField()
    {
        using var storage = new TempStorage();
        var upscale = new Job(
            new JobId(99), JobKind.Upscale, new JobOrigin(1_234_567_890_123_456_789, null, 5, null),
            Parameters() with { SourceJobId = new JobId(7), SourceImageIndex = 3, UpscaleFactor = 2, VariationStrength = 0.55, NegativePrompt = null },
            1, T0);
        upscale.MarkRunning(T0.AddSeconds(1));
        upscale.MarkSucceeded(T0.AddSeconds(9.5), [new ImageRef(0, 42, true, 1536, 1024)], "cut: 'x y'", "lanczos");
        upscale.AttachMessage(987654321);
        var queued = NewJob(100, 2, T0);
        await new LiteJobStore(storage.Database).SaveAsync(upscale, None);
        await new LiteJobStore(storage.Database).SaveAsync(queued, None);

        var store = new LiteJobStore(storage.Reopen());
        var back = (await store.GetAsync(upscale.Id, None))!;
        Assert.Equal((upscale.Id, upscale.Kind, upscale.Origin, upscale.Parameters, upscale.Cost, upscale.CreatedAt), (back.Id, back.Kind, back.Origin, back.Parameters, back.Cost, back.CreatedAt));
        Assert.Equal(upscale.State with { Images = [] }, back.State with { Images = [] });
        Assert.Equal(upscale.Images, back.Images);
        var backQueued = (await store.GetAsync(queued.Id, None))!;
        Assert.Equal(queued.Origin, backQueued.Origin);
        Assert.Equal(queued.Parameters, backQueued.Parameters);
        Assert.Equal(JobStatus.Queued, backQueued.Status);
        Assert.Null(await store.GetAsync(new JobId(12345), None));
    }

    [Fact]
    public async Task Get_JobSavedBeforeNoiseSourcesWereRecorded_ReadsAsXoshiro()
    {
        using var storage = new TempStorage();
        await new LiteJobStore(storage.Database).SaveAsync(NewJob(5, 1, T0), None);
        var collection = storage.Database.Collection("jobs");
        var document = collection.FindById(5);
        Assert.True(document["params"].AsDocument.Remove("noise"));
        collection.Update(document);

        var back = (await new LiteJobStore(storage.Reopen()).GetAsync(new JobId(5), None))!;

        Assert.Equal(JobParameters.LegacyNoiseSource, back.Parameters.NoiseSource);
        Assert.Equal("xoshiro", back.Parameters.NoiseSource);
    }

    [Fact]
    public async Task Save_Twice_ReplacesState()
    {
        using var storage = new TempStorage();
        var store = new LiteJobStore(storage.Database);
        var job = NewJob(1, 1, T0);
        await store.SaveAsync(job, None);
        job.MarkRunning(T0);
        job.MarkFailed(T0.AddSeconds(2), "boom");
        await store.SaveAsync(job, None);
        var back = (await store.GetAsync(job.Id, None))!;
        Assert.Equal((JobStatus.Failed, "boom"), (back.Status, back.FailureReason));
    }

    [Fact]
    public async Task FindByMessageId_AttachedMessage_FindsItsJobOnly()
    {
        using var storage = new TempStorage();
        var store = new LiteJobStore(storage.Database);
        var shown = NewJob(1, 1, T0);
        shown.AttachMessage(ulong.MaxValue - 5);
        await store.SaveAsync(shown, None);
        await store.SaveAsync(NewJob(2, 1, T0), None);

        Assert.Equal(new JobId(1), (await store.FindByMessageIdAsync(ulong.MaxValue - 5, None))?.Id);
        Assert.Null(await store.FindByMessageIdAsync(12345, None));
    }

    [Fact]
    public async Task ListByRequester_FiltersByGuildAndStatus_NewestFirst()
    {
        using var storage = new TempStorage();
        var store = new LiteJobStore(storage.Database);
        for (var i = 1; i <= 6; i++) await store.SaveAsync(NewJob(i, 1, T0.AddMinutes(i), guild: i == 6 ? 11UL : 10UL), None);
        await store.SaveAsync(NewJob(7, 2, T0.AddMinutes(7)), None);
        var cancelled = NewJob(8, 1, T0.AddMinutes(8));
        cancelled.MarkCancelled(T0.AddMinutes(8));
        await store.SaveAsync(cancelled, None);

        var mine = await store.ListByRequesterAsync(1, 10, 3, [JobStatus.Queued], None);
        Assert.Equal([5L, 4L, 3L], mine.Select(j => j.Id.Value));
        var all = await store.ListByRequesterAsync(1, null, 10, [], None);
        Assert.Equal([8L, 6L, 5L, 4L, 3L, 2L, 1L], all.Select(j => j.Id.Value));
    }

    [Fact]
    public async Task ListByStatus_OldestFirstAcrossStatuses()
    {
        using var storage = new TempStorage();
        var store = new LiteJobStore(storage.Database);
        var running = NewJob(3, 1, T0.AddMinutes(1));
        running.MarkRunning(T0.AddMinutes(2));
        await store.SaveAsync(NewJob(1, 1, T0.AddMinutes(3)), None);
        await store.SaveAsync(running, None);
        await store.SaveAsync(NewJob(2, 2, T0), None);
        var pending = await store.ListByStatusAsync([JobStatus.Queued, JobStatus.Running, JobStatus.Queued], None);
        Assert.Equal([2L, 3L, 1L], pending.Select(j => j.Id.Value));
    }
}
