using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using DiffusionBot.Storage.Images;
using DiffusionBot.Storage.Jobs;
using DiffusionBot.Storage.Moderation;
using DiffusionBot.Storage.Options;
using DiffusionBot.Storage.Quotas;
using DiffusionBot.Storage.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Storage;

public static class BotStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates "Storage" and registers the LiteDB database (one per process, disposed with the container)
    /// and every store port: IJobStore, IQuotaStore, IJobQuotaTransaction, ISettingsStore, IImageStore, IAuditLog, IBannedWordStore, IJobStatsQuery.
    /// </summary>
    public static IServiceCollection AddBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BotDatabase>();
        services.AddSingleton<IJobStore, LiteJobStore>();
        services.AddSingleton<IJobStatsQuery, LiteJobStatsQuery>();
        services.AddSingleton<IQuotaStore, LiteQuotaStore>();
        services.AddSingleton<IJobQuotaTransaction, LiteJobQuotaTransaction>();
        services.AddSingleton<ISettingsStore, LiteSettingsStore>();
        services.AddSingleton<IAuditLog, LiteAuditLog>();
        services.AddSingleton<IBannedWordStore, LiteBannedWordStore>();
        services.AddSingleton<IImageStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.ImagesOnDisk
            ? new DiskImageStore(sp.GetRequiredService<IOptions<StorageOptions>>())
            : new LiteFileImageStore(sp.GetRequiredService<BotDatabase>()));
        return services;
    }
}
