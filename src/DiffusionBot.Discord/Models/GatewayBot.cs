namespace DiffusionBot.Discord.Models;

/// <summary>The response of GET /gateway/bot (https://discord.com/developers/docs/events/gateway#get-gateway-bot).</summary>
public sealed record GatewayBot
{
    /// <summary>WSS URL to connect to, e.g. "wss://gateway.discord.gg".</summary>
    public string Url { get; init; } = "";

    /// <summary>Recommended number of shards.</summary>
    public int Shards { get; init; }

    public SessionStartLimit SessionStartLimit { get; init; } = new();
}

/// <summary>https://discord.com/developers/docs/events/gateway#session-start-limit-object</summary>
public sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    /// <summary>Milliseconds until the limit resets.</summary>
    public long ResetAfter { get; init; }

    /// <summary>Number of IDENTIFY requests allowed per 5 seconds.</summary>
    public int MaxConcurrency { get; init; }
}
