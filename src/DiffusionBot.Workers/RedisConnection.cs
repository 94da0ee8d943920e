using StackExchange.Redis;

namespace DiffusionBot.Workers;

/// <summary>The one multiplexer of a process. It connects in the background and keeps reconnecting; while Redis is down
/// commands fail at once (no backlog), so callers see the outage and say so instead of hanging.</summary>
internal static class RedisConnection
{
    public static IConnectionMultiplexer Connect(WorkersOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Redis);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = 2000;
        configuration.ClientName = "diffusionbot";
        return ConnectionMultiplexer.Connect(configuration);
    }

    public static bool IsOutage(Exception ex) => ex is RedisConnectionException or RedisTimeoutException or ObjectDisposedException
        || (ex is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal));
}
