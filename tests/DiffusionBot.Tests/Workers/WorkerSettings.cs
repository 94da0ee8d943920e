using System.Globalization;

namespace DiffusionBot.Tests.Workers;

/// <summary>Configuration shared by the bot and the workers of one test: its Redis, short heartbeats and claim times,
/// the demo model with two model names (a worker may serve fewer).</summary>
internal static class WorkerSettings
{
    public static readonly string DemoModel = Path.Combine(Path.GetTempPath(), "diffusionbot-tests-demo-model");

    public static Dictionary<string, string?> Bot(RedisServer redis, params string[] models)
    {
        var settings = Common(redis, models.Length == 0 ? ["demo"] : models);
        settings["Workers:Prefetch"] = "2";
        return settings;
    }

    public static Dictionary<string, string?> Worker(RedisServer redis, string name, string? demoModel = null, params string[] models)
    {
        var settings = Common(redis, models.Length == 0 ? ["demo"] : models);
        settings["Workers:WorkerName"] = name;
        settings["Generator:ModelPath"] = "";
        settings["Generator:DemoModelPath"] = demoModel ?? DemoModel;
        settings["Generator:IntraOpThreads"] = "1";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    private static Dictionary<string, string?> Common(RedisServer redis, string[] models)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workers:Redis"] = redis.Endpoint,
            ["Workers:HeartbeatInterval"] = "00:00:00.200",
            ["Workers:WorkerTimeout"] = "00:00:01",
            ["Workers:ClaimAfter"] = "00:00:02",
            ["Workers:PollInterval"] = "00:00:00.020",
            ["Workers:RetryInterval"] = "00:00:00.200",
            ["Workers:ModelWaitTimeout"] = "00:00:03",
            ["Generator:MaxSteps"] = "400",
            ["Limits:MaxSteps"] = "400",
            ["Limits:Sizes:0"] = "64x64",
            ["Limits:Sizes:1"] = "128x128",
            ["Limits:DefaultSize"] = "64x64",
            ["Limits:DefaultSteps"] = "2",
            ["Limits:Schedulers:0"] = "euler_a",
            ["Limits:DefaultScheduler"] = "euler_a",
        };
        for (var i = 0; i < models.Length; i++) settings["Limits:Models:" + i.ToString(CultureInfo.InvariantCulture)] = models[i];
        settings["Limits:DefaultModel"] = models[0];
        return settings;
    }
}
