namespace DiffusionBot.Discord.Gateway;

/// <summary>How long a connection may take to open and to say HELLO before it is dropped and retried.</summary>
internal sealed record GatewayTimeouts(TimeSpan Connect, TimeSpan Hello)
{
    public static GatewayTimeouts Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
}
