using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion;

public static class DiffusionServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDiffusionEngine"/> (singleton) with the "Generator" section, validated at start.
    /// The model folder comes from Generator:ModelPath unless an <see cref="IModelFolderProvider"/> was registered
    /// before; the seed source defaults to <see cref="RandomSeedSource"/>, time to <see cref="TimeProvider.System"/>.</summary>
    public static IServiceCollection AddDiffusionEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GeneratorOptions>()
            .Bind(configuration.GetSection(GeneratorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeneratorOptions>, GeneratorOptionsValidator>());
        services.TryAddSingleton<IModelFolderProvider, ConfiguredModelFolderProvider>();
        services.TryAddSingleton<ISeedSource, RandomSeedSource>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        services.TryAddSingleton<IDiffusionEngine, DiffusionEngine>();
        return services;
    }
}
