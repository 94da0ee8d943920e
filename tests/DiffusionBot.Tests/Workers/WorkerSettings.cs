using System.Globalization;

namespace DiffusionBot.Tests.Workers;

/// <summary>Configuration shared by the bot and the workers of one test: its Redis, short heartbeats and claim times,
/// and a model catalogue on the demo model. One model: the built-in one, named after its folder (<see cref="ModelName"/>);
/// several: catalogue entries that all point at <see cref="DemoModel"/>, which must then exist before the host starts
/// (a worker may serve fewer models than the bot).</summary>
internal static class WorkerSettings
{
    public const string ModelName = "demo";

    public static readonly string DemoModel = Path.Combine(Path.GetTempPath(), "diffusionbot-tests-workers", ModelName);

    public static Dictionary<string, string?> Bot(RedisServer redis, params string[] models)
    {
        var settings = Common(redis, DemoModel, models);
        settings["Workers:Prefetch"] = "2";
        return settings;
    }

    /// <param name="demoModel">The worker's own demo model folder; its last part must be <see cref="ModelName"/>.</param>
    public static Dictionary<string, string?> Worker(RedisServer redis, string name, string? demoModel = null, params string[] models)
    {
        var settings = Common(redis, demoModel ?? DemoModel, models);
        settings["Workers:WorkerName"] = name;
        settings["Generator:IntraOpThreads"] = "1";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    private static Dictionary<string, string?> Common(RedisServer redis, string demoModel, string[] models)
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
            ["Generator:DemoModelPath"] = demoModel,
        };
        if (models.Length == 0 || models is [ModelName])
        {
            AddModel(settings, "Models:BuiltIn:");
            return settings;
        }
        foreach (var model in models)
        {
            settings[$"Models:Entries:{model}:Path"] = demoModel;
            AddModel(settings, $"Models:Entries:{model}:");
        }
        settings["Models:Default"] = models[0];
        return settings;
    }

    private static void AddModel(Dictionary<string, string?> settings, string prefix)
    {
        settings[prefix + "Sizes:0"] = "64x64";
        settings[prefix + "Sizes:1"] = "128x128";
        settings[prefix + "Size"] = "64x64";
        settings[prefix + "Steps"] = "2";
        settings[prefix + "MaxSteps"] = 400.ToString(CultureInfo.InvariantCulture);
        settings[prefix + "Schedulers:0"] = "euler_a";
        settings[prefix + "Scheduler"] = "euler_a";
    }
}
