using DiffusionBot.Bot.Commands;
using DiffusionBot.Bot.Generation;
using DiffusionBot.Bot.Health;
using DiffusionBot.Bot.Interactions;
using DiffusionBot.Bot.Notifications;
using DiffusionBot.Bot.Reactions;
using DiffusionBot.Cli;
using DiffusionBot.Core;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Discord;
using DiffusionBot.Discord.Events;
using DiffusionBot.Storage;
using DiffusionBot.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>
    /// The whole bot: core rules and use cases, LiteDB storage, the Discord client, the diffusion engine (with the demo
    /// model when the catalogue, Models:Entries, is empty), the adapters between them, the interaction router, the command
    /// registrar, the generator service and the health state writer. With <c>Workers:Redis</c> set, generation goes to
    /// <c>worker</c> processes over Redis instead of the in-process generator service.
    /// </summary>
    public static IServiceCollection AddBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<IModelFolderProvider, DemoModelFolderProvider>();
        services.AddDiffusionEngine(configuration);
        services.AddBotCore(configuration);
        services.AddBotStorage(configuration);
        services.AddDiscordClient(configuration);

        var remote = WorkersServiceCollectionExtensions.HasRedisWorkers(configuration);
        if (remote) services.AddRedisWorkers(configuration);
        services.TryAddSingleton<IImageGenerator, EngineImageGenerator>();
        services.TryAddSingleton<IPromptChecker, EnginePromptChecker>();
        services.TryAddSingleton<IUploadedImages, UploadedImageFiles>();
        services.TryAddSingleton<IDefaultNoiseSource, ConfiguredNoiseSource>();
        services.TryAddSingleton<IAdditionalModels, EngineAdditionalModels>();
        services.TryAddSingleton<DiscordJobNotifier>();
        services.TryAddSingleton<IJobNotifier>(sp => sp.GetRequiredService<DiscordJobNotifier>());

        services.TryAddSingleton<InteractionReplies>();
        services.TryAddSingleton<SlashCommandHandler>();
        services.TryAddSingleton<AttachedImage>();
        services.TryAddSingleton<TokensReply>();
        services.TryAddSingleton<ButtonHandler>();
        services.TryAddSingleton<ModalHandler>();
        services.TryAddSingleton<AutocompleteHandler>();
        services.TryAddSingleton<CommandRegistrationState>();
        services.AddDiscordEventHandler<InteractionCreateEvent, InteractionRouter>();
        services.AddDiscordEventHandler<ReadyEvent, CommandRegistrar>();
        services.AddDiscordEventHandler<MessageReactionAddEvent, ReactionHandler>();
        if (!remote) services.AddHostedService<GeneratorService>();
        services.AddHealthReporter(configuration);
        return services;
    }
}
