using System.Threading.Channels;
using DiffusionBot.Discord.Events;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Gateway;

/// <summary>Everything one connection needs; the session outlives the connection. <see cref="Token"/> is the bot token.</summary>
internal sealed record GatewayConnectionContext(
    string Token,
    int Intents,
    string UserAgent,
    int MaxMessageBytes,
    GatewayTimeouts Timeouts,
    GatewaySession Session,
    DiscordGatewayState State,
    IGatewayRandom Random,
    TimeProvider Time,
    ChannelWriter<DiscordEvent> Events,
    int EventQueueCapacity,
    ILogger Logger)
{
    /// <summary>Leaves out the bot token.</summary>
    public override string ToString() => $"{nameof(GatewayConnectionContext)} {{ Intents = {Intents}, UserAgent = {UserAgent} }}";
}
