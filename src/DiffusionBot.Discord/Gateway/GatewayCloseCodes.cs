namespace DiffusionBot.Discord.Gateway;

/// <summary>What to do after the gateway closed the connection with a given code.</summary>
internal enum CloseCodeAction
{
    /// <summary>Reconnect and resume the session when possible.</summary>
    Reconnect,

    /// <summary>The session is gone: reconnect with a fresh IDENTIFY.</summary>
    Reidentify,

    /// <summary>Configuration error: reconnecting cannot help.</summary>
    Fatal,
}

/// <summary>Discord's gateway close event codes and how this client reacts to them.</summary>
internal static class GatewayCloseCodes
{
    public const int AuthenticationFailed = 4004;
    public const int InvalidSequence = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>The code this client closes with when it wants to resume (anything but 1000/1001 keeps the session).</summary>
    public const int ClientReconnecting = 4000;

    public static CloseCodeAction Classify(int? code) => code switch
    {
        AuthenticationFailed or InvalidShard or ShardingRequired or InvalidApiVersion or InvalidIntents or DisallowedIntents
            => CloseCodeAction.Fatal,
        InvalidSequence or SessionTimedOut => CloseCodeAction.Reidentify,
        _ => CloseCodeAction.Reconnect,
    };

    /// <summary>The operator-facing explanation of a fatal close code.</summary>
    public static string FatalHint(int code) => code switch
    {
        AuthenticationFailed => "Discord rejected the token; set Discord__Token to a valid bot token",
        InvalidShard => "Discord rejected the shard; this client does not shard",
        ShardingRequired => "Discord requires sharding for this bot's guild count; this client does not shard",
        InvalidApiVersion => "Discord rejected the gateway API version (v10)",
        InvalidIntents => "Discord rejected the intents; check Discord:Intents is a valid bit set",
        DisallowedIntents => "Discord refused a privileged intent; enable it in the Developer Portal or remove it from Discord:Intents",
        _ => "Discord closed the gateway with a non-recoverable code",
    };
}
