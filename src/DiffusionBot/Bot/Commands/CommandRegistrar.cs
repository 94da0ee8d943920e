using DiffusionBot.Core.Options;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Commands;

/// <summary>At READY, bulk-overwrites the slash commands in each Discord:GuildIds guild (instant), or globally when none
/// are configured. Once per process: a reconnect's READY changes nothing.</summary>
internal sealed class CommandRegistrar(
    IDiscordRestClient rest,
    IOptions<DiscordOptions> discord,
    IOptions<LimitsOptions> limits,
    Core.Ports.IModelCatalog catalog,
    CommandRegistrationState state,
    ILogger<CommandRegistrar> logger) : IDiscordEventHandler<ReadyEvent>
{
    public async Task HandleAsync(ReadyEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!state.TryBegin()) return;
        try
        {
            var commands = BotCommands.Build(limits.Value, catalog);
            var guilds = discord.Value.GuildIds;
            if (guilds.Count == 0)
            {
                await rest.BulkOverwriteGlobalApplicationCommandsAsync(e.ApplicationId, commands, cancellationToken);
                BotLog.CommandsRegistered(logger, commands.Count, "globally");
                return;
            }
            var guildCommands = BotCommands.ForGuild(commands);
            foreach (var guild in guilds)
                await rest.BulkOverwriteGuildApplicationCommandsAsync(e.ApplicationId, guild, guildCommands, cancellationToken);
            BotLog.CommandsRegistered(logger, commands.Count, $"in {guilds.Count} guild(s)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.Failed();
            BotLog.CommandRegistrationFailed(logger, ex);
        }
    }
}

/// <summary>Whether this process already registered its commands.</summary>
internal sealed class CommandRegistrationState
{
    private int _state;

    public bool TryBegin() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    public void Failed() => Volatile.Write(ref _state, 0);
}
