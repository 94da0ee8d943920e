using DiffusionBot.Core.Ports;
using DiffusionBot.Workers.Dispatch;
using DiffusionBot.Workers.Protocol;
using DiffusionBot.Workers.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DiffusionBot.Workers;

public static class WorkersServiceCollectionExtensions
{
    /// <summary>Whether the configuration names a Redis for workers (<c>Workers:Redis</c>); without one the bot generates in-process.</summary>
    public static bool HasRedisWorkers(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[WorkersOptions.SectionName + ":" + nameof(WorkersOptions.Redis)]);
    }

    /// <summary>
    /// The bot's side: its <see cref="IImageGenerator"/> hands jobs to workers over Redis Streams, a dispatcher takes jobs
    /// from the fair queue up to the workers' capacity, a reader takes their results back. Call it before anything registers
    /// another <see cref="IImageGenerator"/>, and do not run the in-process generator service beside it.
    /// </summary>
    public static IServiceCollection AddRedisWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        AddShared(services, configuration);
        services.TryAddSingleton<WorkerRegistry>();
        services.TryAddSingleton<RemoteImageGenerator>();
        services.TryAddSingleton<IImageGenerator>(sp => sp.GetRequiredService<RemoteImageGenerator>());
        services.TryAddSingleton<IGenerationReceipts>(sp => sp.GetRequiredService<RemoteImageGenerator>());
        services.AddHostedService(sp => sp.GetRequiredService<WorkerRegistry>());
        services.AddHostedService<ResultReader>();
        services.AddHostedService<DispatchService>();
        return services;
    }

    /// <summary>
    /// The <c>worker</c> process: takes jobs for the models of <see cref="IWorkerCatalogue"/> and runs them on the host's
    /// in-process <see cref="IImageGenerator"/> (both registered by the host).
    /// </summary>
    public static IServiceCollection AddGeneratorWorker(this IServiceCollection services, IConfiguration configuration)
    {
        AddShared(services, configuration);
        services.AddHostedService<GeneratorWorkerService>();
        return services;
    }

    private static void AddShared(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WorkersOptions>().Bind(configuration.GetSection(WorkersOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => o.Enabled, "Workers:Redis must name the Redis server (e.g. localhost:6379) for the bot's workers.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StreamKeys(sp.GetRequiredService<IOptions<WorkersOptions>>().Value.KeyPrefix));
        services.TryAddSingleton(sp => RedisConnection.Connect(sp.GetRequiredService<IOptions<WorkersOptions>>().Value));
    }
}
