using DiffusionBot.Core;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Storage.Images;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Storage.Tests;

public sealed class WiringTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class QuietNotifier : IJobNotifier
    {
        public List<string> Events { get; } = [];

        public Task QueuedAsync(Job job, int position, CancellationToken cancellationToken) => Add($"queued {job.Id} {position}");

        public Task ProgressAsync(Job job, int step, int totalSteps, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<ulong?> CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken cancellationToken)
        {
            await Add($"completed {job.Id}");
            return null;
        }

        public Task FailedAsync(Job job, string reason, CancellationToken cancellationToken) => Add($"failed {job.Id}");

        public Task CancelledAsync(Job job, CancellationToken cancellationToken) => Add($"cancelled {job.Id}");

        public Task DeletedAsync(Job job, CancellationToken cancellationToken) => Add($"deleted {job.Id}");

        private Task Add(string text)
        {
            lock (Events) Events.Add(text);
            return Task.CompletedTask;
        }
    }

    private sealed class AcceptingPromptChecker : IPromptChecker
    {
        public Task<string?> CheckAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }

    /// <summary>Takes every upload as it is, as a 97×75 picture.</summary>
    private sealed class PassThroughUploads : IUploadedImages
    {
        public Validated<UploadedImage> ForImageToImage(ReadOnlyMemory<byte> file, int width, int height) => Validated.Ok(new UploadedImage(file.ToArray(), width, height));

        public Validated<UploadedImage> ForUpscale(ReadOnlyMemory<byte> file) => Validated.Ok(new UploadedImage(file.ToArray(), 97, 75));
    }

    private sealed class UnusedGenerator : IImageGenerator
    {
        public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>One SD 1.5-like model (the catalogue is the engine's; these tests wire the core with storage only).</summary>
    private sealed class OneModelCatalog : IModelCatalog
    {
        private static readonly Core.Models.ModelInfo Model = new("stable-diffusion-v1-5", "SD 1.x", "", new Core.Commands.ImageSize(512, 512),
            [new(512, 512), new(512, 768), new(768, 512), new(768, 768)], 25, 50, 7.5, 0, 20, "euler_a", ["euler_a", "euler", "ddim"]);

        public IReadOnlyList<Core.Models.ModelInfo> Models { get; } = [Model];

        public Core.Models.ModelInfo Default => Model;

        public bool TryFind(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Core.Models.ModelInfo? model)
        {
            model = string.Equals(name, Model.Name, StringComparison.OrdinalIgnoreCase) ? Model : null;
            return model is not null;
        }
    }

    private sealed class CpuNoiseSource : IDefaultNoiseSource
    {
        public string Name => "cpu";
    }

    private static ServiceProvider Build(TempStorage storage, FakeTimeProvider time, QuietNotifier notifier, bool imagesOnDisk = false, Dictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = storage.DatabasePath,
            ["Storage:ImagesOnDisk"] = imagesOnDisk ? "true" : "false",
            ["Storage:ImageDirectory"] = Path.Combine(storage.Directory, "images"),
            ["Limits:PerUserPendingCap"] = "10",
        };
        foreach (var (key, value) in extra ?? []) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IJobNotifier>(notifier);
        services.AddSingleton<IImageGenerator, UnusedGenerator>();
        services.AddSingleton<IPromptChecker, AcceptingPromptChecker>();
        services.AddSingleton<IUploadedImages, PassThroughUploads>();
        services.AddSingleton<IDefaultNoiseSource, CpuNoiseSource>();
        services.AddSingleton<IModelCatalog, OneModelCatalog>();
        services.AddBotCore(configuration);
        services.AddBotStorage(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public async Task Restart_QueuedJobsInLiteDb_RecoveredInOriginalOrder()
    {
        using var storage = new TempStorage();
        storage.Database.Dispose();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var submitted = new List<JobId>();
        using (var first = Build(storage, time, new QuietNotifier()))
        {
            var imagine = first.GetRequiredService<ImagineUseCase>();
            foreach (var (user, prompt) in new[] { (1UL, "a"), (2UL, "b"), (1UL, "c"), (3UL, "d") })
            {
                time.Advance(TimeSpan.FromSeconds(1));
                var member = new Core.Moderation.Member(user, 10, 0, []);
                var outcome = await imagine.SubmitAsync(new ImagineCommand(member, 20, new InteractionRef(1, "t", time.GetUtcNow()), new ImagineOptions(prompt)), None);
                Assert.True(outcome.Accepted, outcome.Message);
                submitted.Add(outcome.Job!.Id);
            }
        }

        var notifier = new QuietNotifier();
        using var second = Build(storage, time, notifier);
        var report = await second.GetRequiredService<JobRecovery>().RecoverAsync(None);
        Assert.Equal(submitted, report.Requeued);
        var queue = second.GetRequiredService<FairJobQueue>();
        // Re-added in creation order, the fair queue again serves users 1, 2, 3 and then user 1's second job.
        Assert.Equal([submitted[0], submitted[1], submitted[3], submitted[2]], queue.Snapshot().Entries.Select(e => e.JobId));
        Assert.Equal(4, notifier.Events.Count(e => e.StartsWith("queued", StringComparison.Ordinal)));
        var quota = await second.GetRequiredService<Core.Quotas.QuotaService>().GetStatusAsync(1, None);
        Assert.Equal(2, quota.Used);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_JobsFromUploads_RecoveredWithTheirStoredPicture(bool imagesOnDisk)
    {
        using var storage = new TempStorage();
        storage.Database.Dispose();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        byte[] picture = [1, 2, 3, 4, 5];
        var member = new Core.Moderation.Member(1, 10, 0, []);
        JobId imageToImage, upscale;
        using (var first = Build(storage, time, new QuietNotifier(), imagesOnDisk))
        {
            var fromImage = await first.GetRequiredService<ImagineUseCase>().SubmitAsync(
                new ImagineCommand(member, 20, new InteractionRef(1, "t", time.GetUtcNow()), new ImagineOptions("cat") { Strength = 0.4 }, picture), None);
            var upscaled = await first.GetRequiredService<UpscaleUploadUseCase>().SubmitAsync(
                new UpscaleCommand(member, 20, new InteractionRef(1, "u", time.GetUtcNow()), picture), None);
            Assert.True(fromImage.Accepted, fromImage.Message);
            Assert.True(upscaled.Accepted, upscaled.Message);
            (imageToImage, upscale) = (fromImage.Job!.Id, upscaled.Job!.Id);
        }

        using var second = Build(storage, time, new QuietNotifier(), imagesOnDisk);
        var report = await second.GetRequiredService<JobRecovery>().RecoverAsync(None);

        Assert.Equal([imageToImage, upscale], report.Requeued);
        var jobs = second.GetRequiredService<IJobStore>();
        var images = second.GetRequiredService<IImageStore>();
        foreach (var id in new[] { imageToImage, upscale })
        {
            var job = (await jobs.GetAsync(id, None))!;
            Assert.True(job.Parameters.IsFromUpload);
            Assert.Equal(id, job.Parameters.SourceJobId);
            Assert.Equal(picture, await images.LoadAsync(id, JobParameters.UploadedImageIndex, None));
        }
        var restored = (await jobs.GetAsync(imageToImage, None))!;
        Assert.Equal((JobKind.Variation, 0.4), (restored.Kind, restored.Parameters.VariationStrength));
        Assert.Equal((JobKind.Upscale, 194, 150), ((await jobs.GetAsync(upscale, None))!.Kind, (await jobs.GetAsync(upscale, None))!.Parameters.Width, (await jobs.GetAsync(upscale, None))!.Parameters.Height));
    }

    [Fact]
    public async Task Imagine_FiftyConcurrentFromOneUserOnLiteDb_NeverExceedsQuota()
    {
        using var storage = new TempStorage();
        storage.Database.Dispose();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        using var provider = Build(storage, time, new QuietNotifier(), extra: new() { ["Limits:PerUserPendingCap"] = "100", ["Quotas:DefaultAllowance"] = "9" });
        var imagine = provider.GetRequiredService<ImagineUseCase>();
        var member = new Core.Moderation.Member(1, 10, 0, []);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            imagine.SubmitAsync(new ImagineCommand(member, 20, new InteractionRef(1, "t", time.GetUtcNow()), new ImagineOptions("cat")), None), None)));
        Assert.Equal(9, outcomes.Count(o => o.Accepted));
        Assert.All(outcomes.Where(o => !o.Accepted), o => Assert.StartsWith("Not enough quota", o.Message));
        Assert.Equal(9, (await provider.GetRequiredService<Core.Quotas.QuotaService>().GetStatusAsync(1, None)).Used);
        var stored = await provider.GetRequiredService<IJobStore>().ListByStatusAsync([JobStatus.Queued], None);
        Assert.Equal(9, stored.Count);
    }

    [Fact]
    public void AddBotStorage_ImagesOnDisk_UsesDiskStore()
    {
        using var storage = new TempStorage();
        storage.Database.Dispose();
        using var provider = Build(storage, new FakeTimeProvider(), new QuietNotifier(), imagesOnDisk: true);
        Assert.IsType<DiskImageStore>(provider.GetRequiredService<IImageStore>());
    }

    [Fact]
    public void AddBotStorage_EmptyDatabasePath_FailsValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DatabasePath"] = "" }).Build();
        var services = new ServiceCollection();
        services.AddBotStorage(configuration);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Options.StorageOptions>>().Value);
        Assert.Contains("DatabasePath", error.Message);
    }
}
