using System.Threading.Channels;
using DiffusionBot.Discord.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Events;

/// <summary>The bounded channel between the gateway reader (single writer) and the dispatcher (single reader).</summary>
internal sealed class DiscordEventQueue(IOptions<DiscordOptions> options)
{
    private readonly Channel<DiscordEvent> _channel = Channel.CreateBounded<DiscordEvent>(
        new BoundedChannelOptions(options.Value.EventQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public ChannelWriter<DiscordEvent> Writer => _channel.Writer;

    public ChannelReader<DiscordEvent> Reader => _channel.Reader;
}
