using System.Globalization;

namespace DiffusionBot.Bot.Health;

/// <summary>Healthy or not, with the reason in words.</summary>
public sealed record HealthVerdict(bool Healthy, string Reason)
{
    /// <summary>Judges a state read from the file at <paramref name="now"/>; a missing state is unhealthy.</summary>
    public static HealthVerdict Evaluate(HealthState? state, DateTimeOffset now, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (state is null)
            return new(false, $"No health state at {options.StatePath}: the bot is not running or cannot write it.");
        var age = now - state.WrittenAt;
        if (age > options.MaxStateAge)
            return new(false, $"The health state is {Describe(age)} old (limit {Describe(options.MaxStateAge)}): the bot stopped reporting.");
        if (state.GatewayDownSince is { } down && now - down > options.MaxGatewayDisconnected)
            return new(false, $"The Discord gateway has been disconnected for {Describe(now - down)} (limit {Describe(options.MaxGatewayDisconnected)}).");
        if (state.GeneratingSince is { } busy && now - busy > options.MaxGenerationTime)
            return new(false, $"The generator has been on one job for {Describe(now - busy)} (limit {Describe(options.MaxGenerationTime)}).");
        return new(true, state.GatewayConnected ? "Healthy: gateway connected." : "Healthy: gateway reconnecting, within the limit.");
    }

    private static string Describe(TimeSpan span) => span.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);
}
