using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>Always the same value, so jitter and waits are predictable.</summary>
internal sealed class FixedGatewayRandom(double value) : IGatewayRandom
{
    public double NextDouble() => value;
}
