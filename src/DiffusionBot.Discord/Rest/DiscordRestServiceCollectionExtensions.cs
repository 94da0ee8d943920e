using DiffusionBot.Discord.Attachments;
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
    /// request logging is removed, because it would log URLs that contain interaction tokens. Attachments are fetched with
    /// <see cref="IAttachmentDownloader"/> on a second client that carries no bot token.
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
        services.TryAddSingleton<IAttachmentDownloader, AttachmentDownloader>();
        services.AddHttpClient(AttachmentDownloader.HttpClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
                client.Timeout = options.AttachmentDownloadTimeout;
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            .RemoveAllLoggers();
        return services;
    }
}
