using DiffusionBot.Core.Application;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>The core wired through AddBotCore with in-memory fakes for every port and a fake clock.</summary>
internal sealed class CoreHarness : IDisposable
{
    public const ulong Guild = 9000;
    public const ulong Channel = 9100;
    public const ulong ModeratorRole = 777;

    public CoreHarness(IDictionary<string, string?>? settings = null, ILoadedModels? loadedModels = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Quotas:DefaultAllowance"] = "10",
            ["Limits:PerUserPendingCap"] = "3",
            ["Limits:GlobalQueueCap"] = "50",
            ["Moderation:ModeratorRoleIds:0"] = ModeratorRole.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Moderation:BannedWords:0"] = "forbidden",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IJobIdGenerator>(Ids);
        services.AddSingleton<ISeedSource>(Seeds);
        services.AddSingleton<IDefaultNoiseSource>(NoiseSource);
        services.AddSingleton<IJobStore>(Jobs);
        services.AddSingleton<IJobStatsQuery>(Jobs);
        services.AddSingleton<IQuotaStore>(Quotas);
        services.AddSingleton<IJobQuotaTransaction>(new InMemoryJobQuotaTransaction(Jobs, Quotas));
        services.AddSingleton<ISettingsStore>(Settings);
        services.AddSingleton<IImageStore>(Images);
        services.AddSingleton<IAuditLog>(Audit);
        services.AddSingleton<IBannedWordStore>(BannedWordStore);
        services.AddSingleton<IImageGenerator>(Generator);
        services.AddSingleton<IPromptChecker>(PromptChecker);
        services.AddSingleton<IUploadedImages>(Uploads);
        services.AddSingleton<IJobNotifier>(Notifier);
        if (loadedModels is not null) services.AddSingleton(loadedModels);
        services.AddSingleton<IModelCatalog>(Catalog);
        services.AddBotCore(configuration);
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    public SequentialJobIds Ids { get; } = new();
    public SequentialSeeds Seeds { get; } = new();
    public FixedNoiseSource NoiseSource { get; } = new("cpu");
    public FakeModelCatalog Catalog { get; } = new();
    public InMemoryJobStore Jobs { get; } = new();
    public InMemoryQuotaStore Quotas { get; } = new();
    public InMemorySettingsStore Settings { get; } = new();
    public InMemoryImageStore Images { get; } = new();
    public InMemoryAuditLog Audit { get; } = new();
    public InMemoryBannedWordStore BannedWordStore { get; } = new();
    public FakeGenerator Generator { get; } = new();
    public FakePromptChecker PromptChecker { get; } = new();
    public FakeUploadedImages Uploads { get; } = new();
    public RecordingNotifier Notifier { get; } = new();
    public ServiceProvider Provider { get; }

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public static Member User(ulong id) => new(id, Guild, 0, []);

    public static Member ModeratorByPermission(ulong id) => new(id, Guild, Member.ManageGuild, []);

    public static Member ModeratorByRole(ulong id) => new(id, Guild, 0, [ModeratorRole]);

    public InteractionRef Interaction() => new(42, "token-" + Time.GetUtcNow().Ticks, Time.GetUtcNow());

    public Task<SubmitOutcome> ImagineAsync(ulong userId, string prompt) => ImagineAsync(userId, new ImagineOptions(prompt));

    public Task<SubmitOutcome> ImagineAsync(ulong userId, ImagineOptions options) =>
        Get<ImagineUseCase>().SubmitAsync(new ImagineCommand(User(userId), Channel, Interaction(), options), CancellationToken.None);

    public Task<ButtonOutcome> PressAsync(Member member, string customId) =>
        Get<ButtonPressUseCase>().HandleAsync(new ButtonPress(customId, member, Channel, Interaction()), CancellationToken.None);

    /// <summary>Runs queued jobs one by one through the worker until the queue is empty.</summary>
    public async Task DrainQueueAsync()
    {
        var worker = Get<GenerationWorker>();
        while (await worker.TryProcessNextAsync(CancellationToken.None))
        {
        }
    }

    public void Dispose() => Provider.Dispose();
}
