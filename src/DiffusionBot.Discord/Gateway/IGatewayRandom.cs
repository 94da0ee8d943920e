namespace DiffusionBot.Discord.Gateway;

/// <summary>Randomness for heartbeat jitter, invalid-session waits and reconnect backoff; injected so tests are deterministic.</summary>
public interface IGatewayRandom
{
    /// <summary>A value in [0, 1).</summary>
    double NextDouble();
}

internal sealed class SharedGatewayRandom : IGatewayRandom
{
    public double NextDouble() => Random.Shared.NextDouble();
}
