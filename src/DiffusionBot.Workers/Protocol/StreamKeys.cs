namespace DiffusionBot.Workers.Protocol;

/// <summary>Every Redis key the bot and its workers share, under one prefix.</summary>
internal sealed class StreamKeys(string prefix)
{
    /// <summary>Consumer group of the workers on each model's job stream.</summary>
    public const string WorkerGroup = "workers";

    /// <summary>Consumer group (and consumer) of the bot on the results stream.</summary>
    public const string BotGroup = "bot";

    /// <summary>Jobs for one model: only workers serving it read this stream.</summary>
    public string Jobs(string model) => $"{prefix}:jobs:{model.ToLowerInvariant()}";

    /// <summary>Progress and outcomes from every worker to the bot.</summary>
    public string Results => $"{prefix}:results";

    /// <summary>Messages nobody could parse, with the reason, for a person to look at.</summary>
    public string DeadLetters => $"{prefix}:dead";

    /// <summary>Hash job id → job stream of the jobs the bot has handed out and not yet seen stored.</summary>
    public string HandedOut => $"{prefix}:handed-out";

    /// <summary>Set of worker names that announced themselves.</summary>
    public string Workers => $"{prefix}:workers";

    /// <summary>A worker's announcement (its catalogue), expiring unless renewed by its heartbeat.</summary>
    public string Worker(string name) => $"{prefix}:worker:{name}";

    /// <summary>Pub/sub channel of cancel requests (job ids).</summary>
    public string CancelChannel => $"{prefix}:cancel";

    /// <summary>Marks a job cancelled for a worker that picks it up after the pub/sub message went by.</summary>
    public string Cancelled(string jobId) => $"{prefix}:cancelled:{jobId}";
}
