using DiffusionBot.Workers.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DiffusionBot.Workers.Dispatch;

/// <summary>
/// The bot's view of the live workers, read from their heartbeats every <see cref="WorkersOptions.HeartbeatInterval"/>:
/// which models are served and how many jobs may be handed out (<see cref="Capacity"/>). A worker whose announcement
/// expired is forgotten.
/// </summary>
internal sealed class WorkerRegistry(
    IConnectionMultiplexer redis,
    StreamKeys keys,
    IOptions<WorkersOptions> options,
    TimeProvider time,
    ILogger<WorkerRegistry> logger) : BackgroundService
{
    private readonly Signal _changed = new();
    private volatile Snapshot _current = new(false, new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase), 0);

    /// <summary>False until Redis answered once, and while it does not answer.</summary>
    public bool Reachable => _current.Reachable;

    public int LiveWorkers => _current.Workers;

    /// <summary>Jobs the bot may have out at once: <see cref="WorkersOptions.Prefetch"/> per live worker (at least one
    /// worker's worth, so a job for a model nobody serves is taken, told so, and refunded in time).</summary>
    public int Capacity => Math.Max(1, _current.Workers) * options.Value.Prefetch;

    public bool Serves(string model) => _current.Models.TryGetValue(model, out var count) && count > 0;

    /// <summary>Completes at the next look at the heartbeats that changed something.</summary>
    public Task WaitChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>Reads the heartbeats now (the service does this on its timer).</summary>
    public async Task RefreshAsync()
    {
        Snapshot next;
        try
        {
            next = await ReadAsync();
        }
        catch (Exception ex) when (RedisConnection.IsOutage(ex) || ex is RedisException)
        {
            next = _current with { Reachable = false };
        }
        var before = _current;
        _current = next;
        if (before.Reachable != next.Reachable || before.Workers != next.Workers || !SameModels(before, next))
        {
            WorkersLog.WorkersChanged(logger, next.Workers, string.Join(", ", next.Models.Select(m => $"{m.Key}×{m.Value}")));
            _changed.Pulse();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        do
        {
            await RefreshAsync();
        }
        while (await WaitTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<Snapshot> ReadAsync()
    {
        var db = redis.GetDatabase();
        var names = await db.SetMembersAsync(keys.Workers);
        var models = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var live = 0;
        foreach (var name in names)
        {
            var announcement = WorkerAnnouncement.TryParse(await db.StringGetAsync(keys.Worker(name.ToString())));
            if (announcement is null)
            {
                await db.SetRemoveAsync(keys.Workers, name);
                continue;
            }
            live++;
            foreach (var model in announcement.Models) models[model] = models.GetValueOrDefault(model) + 1;
        }
        return new Snapshot(true, models, live);
    }

    private static bool SameModels(Snapshot a, Snapshot b) =>
        a.Models.Count == b.Models.Count && a.Models.All(m => b.Models.TryGetValue(m.Key, out var n) && n == m.Value);

    private sealed record Snapshot(bool Reachable, IReadOnlyDictionary<string, int> Models, int Workers);
}
