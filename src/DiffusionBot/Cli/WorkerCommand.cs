using DiffusionBot.Bot.Generation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Workers;
using DiffusionBot.Workers.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DiffusionBot.Cli;

/// <summary>The <c>worker</c> command: one engine on one device (<c>Generator:ExecutionProvider</c>/<c>DeviceId</c>) taking
/// the bot's jobs from Redis (<c>Workers:Redis</c>) until stopped.</summary>
internal static class WorkerCommand
{
    public const string Usage = "worker";

    public const string MissingRedisMessage =
        "No Redis is configured for workers. Set Workers__Redis=<host:port> (the bot's Redis) and start again.";

    public static async Task<int> ExecuteAsync(IReadOnlyDictionary<string, string?>? configuration, Action<HostApplicationBuilder>? configure,
        TextWriter stderr, CancellationToken cancellationToken)
    {
        var builder = DiffusionHost.CreateBuilder(configuration, b =>
        {
            b.Services.TryAddSingleton<IImageGenerator, EngineImageGenerator>();
            b.Services.TryAddSingleton<IWorkerCatalogue, ModelCatalogWorkerCatalogue>();
            b.Services.AddGeneratorWorker(b.Configuration);
            configure?.Invoke(b);
        });
        if (!WorkersServiceCollectionExtensions.HasRedisWorkers(builder.Configuration))
        {
            await stderr.WriteLineAsync(MissingRedisMessage.AsMemory(), cancellationToken);
            return 3;
        }
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>The worker's engine serves every model of its catalogue (<c>Models</c>), so it announces those names.</summary>
    private sealed class ModelCatalogWorkerCatalogue(IModelCatalog catalog) : IWorkerCatalogue
    {
        public IReadOnlyList<string> Models => [.. catalog.Models.Select(m => m.Name)];
    }
}
