using DiffusionBot.Tests.EndToEnd;
using DiffusionBot.Bot.Health;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Tests.Health;

public sealed class HealthTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeGatewayState _gateway = new();
    private readonly FairJobQueue _queue = new(Microsoft.Extensions.Options.Options.Create(new LimitsOptions()));
    private readonly QueuePositions _positions;
    private readonly RunningJobs _running;
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-health-").FullName;

    public HealthTests()
    {
        _positions = new QueuePositions(_queue, new SilentNotifier(), Microsoft.Extensions.Options.Options.Create(new LimitsOptions()), _time, NullLogger<QueuePositions>.Instance);
        _running = new RunningJobs(_queue, _positions);
    }

    private HealthOptions Options => new() { StatePath = Path.Combine(_folder, "health.json") };

    [Fact]
    public void Evaluate_FreshStateConnected_Healthy()
    {
        var sampler = new HealthSampler(_gateway, _running, _time);
        _gateway.IsConnected = true;

        var verdict = HealthVerdict.Evaluate(sampler.Sample(), _time.GetUtcNow(), Options);

        Assert.True(verdict.Healthy, verdict.Reason);
    }

    [Fact]
    public void Evaluate_NoState_Unhealthy()
    {
        var verdict = HealthVerdict.Evaluate(null, _time.GetUtcNow(), Options);

        Assert.False(verdict.Healthy);
        Assert.Contains("No health state", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StateOlderThanMaxStateAge_Unhealthy()
    {
        _gateway.IsConnected = true;
        var state = new HealthSampler(_gateway, _running, _time).Sample();

        _time.Advance(Options.MaxStateAge);
        Assert.True(HealthVerdict.Evaluate(state, _time.GetUtcNow(), Options).Healthy);
        _time.Advance(TimeSpan.FromSeconds(1));
        var verdict = HealthVerdict.Evaluate(state, _time.GetUtcNow(), Options);

        Assert.False(verdict.Healthy);
        Assert.Contains("stopped reporting", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_GatewayNeverConnected_DownSinceStartUnhealthyAfterLimit()
    {
        var sampler = new HealthSampler(_gateway, _running, _time);

        _time.Advance(Options.MaxGatewayDisconnected);
        Assert.True(HealthVerdict.Evaluate(sampler.Sample(), _time.GetUtcNow(), Options).Healthy);
        _time.Advance(TimeSpan.FromSeconds(1));
        var state = sampler.Sample();
        var verdict = HealthVerdict.Evaluate(state, _time.GetUtcNow(), Options);

        Assert.Equal(Start, state.GatewayDownSince);
        Assert.False(verdict.Healthy);
        Assert.Contains("gateway has been disconnected", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_GatewayReconnects_OutageClockRestartsAtNextDrop()
    {
        var sampler = new HealthSampler(_gateway, _running, _time);
        _time.Advance(TimeSpan.FromMinutes(4));
        _gateway.IsConnected = true;
        Assert.Null(sampler.Sample().GatewayDownSince);

        _time.Advance(TimeSpan.FromMinutes(10));
        _gateway.IsConnected = false;
        var dropped = _time.GetUtcNow();
        Assert.Equal(dropped, sampler.Sample().GatewayDownSince);
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.True(HealthVerdict.Evaluate(sampler.Sample(), _time.GetUtcNow(), Options).Healthy);
    }

    [Fact]
    public void Sample_JobRunningPastMaxGenerationTime_Unhealthy()
    {
        _gateway.IsConnected = true;
        var sampler = new HealthSampler(_gateway, _running, _time);
        var job = new Job(new JobId(1), JobKind.Imagine, new JobOrigin(1, 2, 3, null), new JobParameters
        {
            NoiseSource = "cpu",
            Prompt = "p",
            Seed = 1,
            Steps = 1,
            Guidance = 1,
            Width = 64,
            Height = 64,
            Count = 1,
            Model = "m",
            Scheduler = "euler",
        }, 1, Start);
        _queue.TryEnqueue(job);
        using var lease = _running.TryStartNext(CancellationToken.None)!;
        job.MarkRunning(_time.GetUtcNow());

        _time.Advance(Options.MaxGenerationTime);
        Assert.True(HealthVerdict.Evaluate(sampler.Sample(), _time.GetUtcNow(), Options).Healthy);
        _time.Advance(TimeSpan.FromSeconds(1));
        var verdict = HealthVerdict.Evaluate(sampler.Sample(), _time.GetUtcNow(), Options);

        Assert.False(verdict.Healthy);
        Assert.Contains("generator has been on one job", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportOnce_WritesStateTheFileReaderGivesBack()
    {
        _gateway.IsConnected = true;
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        using var reporter = new HealthReporter(new HealthSampler(_gateway, _running, _time), options, _time, NullLogger<HealthReporter>.Instance);

        await reporter.ReportOnceAsync(TestContext.Current.CancellationToken);
        var state = await HealthStateFile.ReadAsync(Options.StatePath, TestContext.Current.CancellationToken);

        Assert.Equal(new HealthState(Start, true, null, null), state);
    }

    [Fact]
    public async Task Read_CorruptFile_Null()
    {
        await File.WriteAllTextAsync(Options.StatePath, "{ not json", TestContext.Current.CancellationToken);

        Assert.Null(await HealthStateFile.ReadAsync(Options.StatePath, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("00:00:15", "00:00:15", "00:05:00", "00:10:00", "MaxStateAge")]
    [InlineData("00:00:00", "00:01:00", "00:05:00", "00:10:00", "WriteInterval")]
    [InlineData("00:00:15", "00:01:00", "00:00:00", "00:10:00", "MaxGatewayDisconnected")]
    [InlineData("00:00:15", "00:01:00", "00:05:00", "-00:00:01", "MaxGenerationTime")]
    public void Validate_BadLimits_NamesTheKey(string write, string age, string gateway, string generation, string key)
    {
        var options = new HealthOptions
        {
            WriteInterval = TimeSpan.Parse(write, System.Globalization.CultureInfo.InvariantCulture),
            MaxStateAge = TimeSpan.Parse(age, System.Globalization.CultureInfo.InvariantCulture),
            MaxGatewayDisconnected = TimeSpan.Parse(gateway, System.Globalization.CultureInfo.InvariantCulture),
            MaxGenerationTime = TimeSpan.Parse(generation, System.Globalization.CultureInfo.InvariantCulture),
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToArray();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Health:" + key, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _positions.Dispose();
        _queue.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FakeGatewayState : IDiscordGatewayState
    {
        public ReadyEvent? Ready => null;

        public bool IsConnected { get; set; }

        public Task<ReadyEvent> WaitForReadyAsync(CancellationToken cancellationToken) => Task.FromException<ReadyEvent>(new NotSupportedException());
    }

    private sealed class SilentNotifier : IJobNotifier
    {
        public Task QueuedAsync(Job job, int position, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task ProgressAsync(Job job, int step, int totalSteps, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<ulong?> CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken cancellationToken) => Task.FromResult<ulong?>(null);
        public Task FailedAsync(Job job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task CancelledAsync(Job job, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task DeletedAsync(Job job, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void Sample_InProcessGenerator_NamesTheCatalogueModelsItHolds()
    {
        var catalog = new TestModelCatalog(TestModelCatalog.Model("sdxl", "SDXL", ""), TestModelCatalog.Model("sd-turbo", "SD-Turbo", ""));

        var state = new HealthSampler(_gateway, _running, _time, catalog, new Loaded("sdxl", "sd-turbo")).Sample();
        var onWorkers = new HealthSampler(_gateway, _running, _time, catalog).Sample();

        Assert.Equal(["sdxl", "sd-turbo"], state.LoadedModels);
        Assert.Null(onWorkers.LoadedModels);
    }

    private sealed class Loaded(params string[] names) : DiffusionBot.Core.Ports.ILoadedModels
    {
        public bool IsLoaded(string model) => names.Contains(model, StringComparer.OrdinalIgnoreCase);
    }
}
