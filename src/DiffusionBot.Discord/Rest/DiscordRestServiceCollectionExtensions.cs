using DiffusionBot.Discord.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Rest;

internal static class DiscordRestServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDiscordRestClient"/> (singleton) over a named HttpClient whose base address is
    /// Discord:ApiBaseUrl. The caller binds and validates <see cref="DiscordOptions"/>. The HttpClient factory's own
    /// request logging is removed, because it would log URLs that contain interaction tokens.
    /// </summary>
    internal static IServiceCollection AddDiscordRest(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RateLimiter(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(new RestRetryPolicy());
        services.TryAddSingleton<IDiscordRestClient, DiscordRestClient>();
        services.TryAddSingleton<DiscordFatalError>();
        services.TryAddSingleton<IDiscordFatalError>(sp => sp.GetRequiredService<DiscordFatalError>());
        services.TryAddTransient<BotAuthorizationHandler>();
        services.AddHttpClient(DiscordRestClient.HttpClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
                client.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            .AddHttpMessageHandler<BotAuthorizationHandler>()
            .RemoveAllLoggers();
        return services;
    }
}
