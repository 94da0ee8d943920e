using DiffusionBot.Core.Application;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiffusionBot.Core;

public static class BotCoreServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates Limits, Quotas and Moderation, and registers the queue, rules and use cases as singletons.
    /// The host still registers the ports: IJobStore, IQuotaStore, IJobQuotaTransaction, ISettingsStore, IImageStore, IAuditLog,
    /// IBannedWordStore, IJobStatsQuery (AddBotStorage does those), IImageGenerator, IPromptChecker, IDefaultNoiseSource, IModelCatalog and IJobNotifier.
    /// ILoadedModels is optional: when the host registers it, the queue prefers jobs whose model is loaded
    /// (Limits:MaxModelAffinitySkips); without it the queue is plain round-robin, so no default is registered here.
    /// </summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<LimitsOptions>>(
            new RetiredSettings<LimitsOptions>(configuration, LimitsOptions.SectionName, LimitsOptions.RetiredKeys)));
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ModerationOptions>().Bind(configuration.GetSection(ModerationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobIdGenerator, TimeOrderedJobIdGenerator>();
        services.TryAddSingleton<ISeedSource, RandomSeedSource>();

        services.TryAddSingleton<FairJobQueue>();
        services.TryAddSingleton<QueuePositions>();
        services.TryAddSingleton<RunningJobs>();
        services.TryAddSingleton<QuotaService>();
        services.TryAddSingleton<ModeratorPolicy>();
        services.TryAddSingleton<BannedWords>();
        services.TryAddSingleton<ImagineRequestParser>();
        services.TryAddSingleton<InteractionTokenPolicy>();

        services.TryAddSingleton<ModerationAudit>();
        services.TryAddSingleton<JobSubmitter>();
        services.TryAddSingleton<JobCanceller>();
        services.TryAddSingleton<JobDeleter>();
        services.TryAddSingleton<ImagineUseCase>();
        services.TryAddSingleton<UpscaleUploadUseCase>();
        services.TryAddSingleton<ButtonPressUseCase>();
        services.TryAddSingleton<ImageInfoUseCase>();
        services.TryAddSingleton<PromptEditUseCase>();
        services.TryAddSingleton<ModeratorCommands>();
        services.TryAddSingleton<UserCommands>();
        services.TryAddSingleton<StatsCommand>();
        services.TryAddSingleton<GenerationWorker>();
        services.TryAddSingleton<JobRecovery>();
        return services;
    }
}
