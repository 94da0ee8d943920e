using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion;

public static class DiffusionServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDiffusionEngine"/> (singleton, also Core's <see cref="ILoadedModels"/>) with the
    /// "Generator" section and the model catalogue (the "Models" section, Core's <see cref="IModelCatalog"/>), both
    /// validated at start; a host that starts reads every catalogue folder before anything else runs. With an empty
    /// catalogue the model comes from an <see cref="IModelFolderProvider"/> registered before (else start-up says to add
    /// one); the seed source defaults to Core's <see cref="RandomSeedSource"/>, time to <see cref="TimeProvider.System"/>.</summary>
    public static IServiceCollection AddDiffusionEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GeneratorOptions>()
            .Bind(configuration.GetSection(GeneratorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ModelsOptions>()
            .Bind(configuration.GetSection(ModelsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeneratorOptions>, GeneratorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeneratorOptions>>(
            new RetiredSettings<GeneratorOptions>(configuration, GeneratorOptions.SectionName, GeneratorOptions.RetiredKeys)));
        services.TryAddSingleton<IModelFolderProvider, ConfiguredModelFolderProvider>();
        services.TryAddSingleton<ISeedSource, RandomSeedSource>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        services.TryAddSingleton<FolderModelCatalog>();
        services.TryAddSingleton<IModelCatalog>(sp => sp.GetRequiredService<FolderModelCatalog>());
        services.TryAddSingleton(sp => new DiffusionEngine(sp.GetRequiredService<IOptions<GeneratorOptions>>(), sp.GetRequiredService<FolderModelCatalog>(),
            sp.GetRequiredService<ISeedSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DiffusionEngine>>()));
        services.TryAddSingleton<IDiffusionEngine>(sp => sp.GetRequiredService<DiffusionEngine>());
        services.TryAddSingleton<ILoadedModels>(sp => sp.GetRequiredService<DiffusionEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelCatalogStartup>());
        return services;
    }
}
