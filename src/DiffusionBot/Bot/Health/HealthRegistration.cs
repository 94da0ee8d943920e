using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiffusionBot.Bot.Health;

/// <summary>The "Health" options (for the bot and the <c>health</c> command) and the bot's state writer.</summary>
internal static class HealthRegistration
{
    public static IServiceCollection AddHealthOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static IServiceCollection AddHealthReporter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthOptions(configuration);
        services.TryAddSingleton<HealthSampler>();
        services.TryAddSingleton<HealthReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthReporter>());
        return services;
    }
}
