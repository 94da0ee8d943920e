using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Workers;

/// <summary>The <c>Workers</c> section. Empty <see cref="Redis"/>: the bot generates in-process (the default).</summary>
public sealed class WorkersOptions : IValidatableObject
{
    public const string SectionName = "Workers";

    /// <summary>StackExchange.Redis configuration string (<c>host:port,password=…</c>); set it from the environment
    /// (<c>Workers__Redis</c>) when it holds a password. Never logged.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of every Redis key, so several bots can share one Redis.</summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyPrefix { get; set; } = "diffusionbot";

    /// <summary>Jobs the bot hands out ahead per live worker (the one it runs included); the rest wait in the bot's fair queue.</summary>
    [Range(1, 64)]
    public int Prefetch { get; set; } = 2;

    /// <summary>A job whose worker has not touched it for this long is claimed by another worker.</summary>
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker announces itself (and keeps its running job from being claimed).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A worker not heard of for this long is gone.</summary>
    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A job whose model no live worker serves waits this long, then fails with a refund.</summary>
    public TimeSpan ModelWaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often streams are polled when idle (StackExchange.Redis has no blocking reads).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Delay between attempts while Redis is unreachable.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This worker's name in Redis (consumer name); empty: machine name and process id.</summary>
    public string WorkerName { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        static bool Positive(TimeSpan t) => t > TimeSpan.Zero;
        if (!Positive(ClaimAfter)) yield return new ValidationResult("Workers:ClaimAfter must be positive.", [nameof(ClaimAfter)]);
        if (!Positive(HeartbeatInterval)) yield return new ValidationResult("Workers:HeartbeatInterval must be positive.", [nameof(HeartbeatInterval)]);
        if (WorkerTimeout <= HeartbeatInterval) yield return new ValidationResult("Workers:WorkerTimeout must be longer than Workers:HeartbeatInterval.", [nameof(WorkerTimeout)]);
        if (ClaimAfter <= HeartbeatInterval) yield return new ValidationResult("Workers:ClaimAfter must be longer than Workers:HeartbeatInterval (a live worker refreshes its job every heartbeat).", [nameof(ClaimAfter)]);
        if (!Positive(ModelWaitTimeout)) yield return new ValidationResult("Workers:ModelWaitTimeout must be positive.", [nameof(ModelWaitTimeout)]);
        if (!Positive(PollInterval)) yield return new ValidationResult("Workers:PollInterval must be positive.", [nameof(PollInterval)]);
        if (!Positive(RetryInterval)) yield return new ValidationResult("Workers:RetryInterval must be positive.", [nameof(RetryInterval)]);
    }
}
