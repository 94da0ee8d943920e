namespace DiffusionBot.Discord.Gateway;

internal enum GatewayNextStep
{
    /// <summary>Reconnect, resuming the session if there is one.</summary>
    Reconnect,

    /// <summary>Drop the session and reconnect with IDENTIFY.</summary>
    Reidentify,

    /// <summary>Stop for good.</summary>
    Fatal,
}

/// <summary>How one connection ended and what comes next.</summary>
/// <param name="Delay">A wait the protocol asks for (op 9's 1-5 s).</param>
/// <param name="IsFailure">Whether the reconnect should back off exponentially.</param>
/// <param name="SessionEstablished">Whether READY or RESUMED arrived on this connection.</param>
internal sealed record GatewayConnectionResult(
    GatewayNextStep Next,
    string Reason,
    int? CloseCode = null,
    TimeSpan Delay = default,
    bool IsFailure = false,
    bool SessionEstablished = false);
