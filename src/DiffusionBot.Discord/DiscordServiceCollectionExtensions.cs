using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiffusionBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord client: options from the "Discord" section (validated at start), the REST client,
    /// the gateway connection and the event dispatcher (both hosted services). Handlers are added with
    /// <see cref="AddDiscordEventHandler{TEvent, THandler}"/>. A missing token stops the host with a log line.
    /// </summary>
    public static IServiceCollection AddDiscordClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.ReconnectBackoffMin > TimeSpan.Zero && o.ReconnectBackoffMax >= o.ReconnectBackoffMin, "Discord:ReconnectBackoffMin must be positive and not above Discord:ReconnectBackoffMax.")
            .Validate(o => o.AttachmentDownloadTimeout > TimeSpan.Zero, "Discord:AttachmentDownloadTimeout must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.GatewayUrl) || Uri.TryCreate(o.GatewayUrl, UriKind.Absolute, out _), "Discord:GatewayUrl must be an absolute ws:// or wss:// URL.")
            .ValidateOnStart();

        services.AddDiscordRest();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGatewayRandom, SharedGatewayRandom>();
        services.TryAddSingleton(GatewayTimeouts.Default);
        services.TryAddSingleton<IGatewayEndpointSource, GatewayEndpointSource>();
        services.TryAddSingleton<DiscordEventQueue>();
        services.TryAddSingleton<DiscordGatewayState>();
        services.TryAddSingleton<IDiscordGatewayState>(sp => sp.GetRequiredService<DiscordGatewayState>());
        services.AddHostedService<DiscordEventDispatcher>();
        services.AddHostedService<DiscordGatewayClient>();
        return services;
    }

    /// <summary>Registers a handler for one gateway event type; it is resolved in a fresh DI scope per event.</summary>
    public static IServiceCollection AddDiscordEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : DiscordEvent
        where THandler : class, IDiscordEventHandler<TEvent>
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDiscordEventHandler<TEvent>, THandler>());
        return services;
    }
}
