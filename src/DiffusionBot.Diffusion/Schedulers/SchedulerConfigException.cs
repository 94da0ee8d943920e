namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>A scheduler configuration value is missing its expected shape or is out of range.
/// <see cref="Key"/> is the diffusers <c>scheduler_config.json</c> key at fault.</summary>
public sealed class SchedulerConfigException : Exception
{
    public SchedulerConfigException()
        : this("(unknown)", "invalid scheduler configuration")
    {
    }

    public SchedulerConfigException(string message)
        : this("(unknown)", message)
    {
    }

    public SchedulerConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "(unknown)";
    }

    public SchedulerConfigException(string key, string problem, Exception? innerException = null)
        : base($"Invalid scheduler config: '{key}' {problem}.", innerException)
    {
        Key = key;
    }

    /// <summary>The offending key, in diffusers' snake_case spelling.</summary>
    public string Key { get; }
}
