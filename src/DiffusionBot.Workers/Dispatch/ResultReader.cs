using DiffusionBot.Core.Ports;
using DiffusionBot.Workers.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DiffusionBot.Workers.Dispatch;

/// <summary>
/// Reads the results stream for the bot: first what was delivered to it before a restart and never acknowledged, then
/// new messages. Progress is acknowledged at once; an outcome stays pending until the job's outcome is stored. An outcome
/// for a job that has already ended (a second worker finished it too, or it was cancelled) is dropped; one for a pending
/// job nobody waits for yet (the bot restarted) is parked for it. Unreadable messages are moved aside.
/// When Redis comes back after an outage, the jobs it may have lost are handed out again.
/// </summary>
internal sealed class ResultReader(
    IConnectionMultiplexer redis,
    StreamKeys keys,
    RemoteImageGenerator generator,
    IJobStore jobs,
    IOptions<WorkersOptions> options,
    TimeProvider time,
    ILogger<ResultReader> logger) : BackgroundService
{
    private const int BatchSize = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var o = options.Value;
        var ready = false;
        var outage = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!ready)
                {
                    await EnsureGroupAsync(db);
                    await DrainAsync(db, "0", stoppingToken);
                    if (outage) await generator.RefeedAsync(stoppingToken);
                    ready = true;
                    outage = false;
                }
                if (await DrainAsync(db, ">", stoppingToken) == 0) await Task.Delay(o.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (RedisConnection.IsOutage(ex) || ex is RedisServerException)
            {
                if (!outage) WorkersLog.RedisUnreachable(logger, ex, "reading results");
                ready = false;
                outage = true;
                await DelayAsync(o.RetryInterval, stoppingToken);
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task EnsureGroupAsync(IDatabase db)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(keys.Results, StreamKeys.BotGroup, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Reads and handles entries from <paramref name="position"/> until none are left; how many it read.</summary>
    private async Task<int> DrainAsync(IDatabase db, RedisValue position, CancellationToken ct)
    {
        var total = 0;
        var after = position;
        while (true)
        {
            var entries = await db.StreamReadGroupAsync(keys.Results, StreamKeys.BotGroup, StreamKeys.BotGroup, after, BatchSize).WaitAsync(ct);
            if (entries.Length == 0) return total;
            total += entries.Length;
            foreach (var entry in entries) await HandleAsync(db, entry, ct);
            if (position != ">") after = entries[^1].Id;
        }
    }

    private async Task HandleAsync(IDatabase db, StreamEntry entry, CancellationToken ct)
    {
        if (entry.IsNull) return;
        ResultMessage message;
        try
        {
            message = ResultMessage.Parse(entry);
        }
        catch (MessageFormatException ex)
        {
            WorkersLog.MovedAside(logger, keys.Results, entry.Id.ToString(), ex.Message);
            await DeadLetters.MoveAsync(db, keys, keys.Results, StreamKeys.BotGroup, entry, ex.Message);
            return;
        }
        var delivery = generator.Deliver(entry.Id, message);
        switch (delivery)
        {
            case Delivery.Kept:
                return;
            case Delivery.Acknowledge:
                await AcknowledgeAsync(db, entry.Id);
                return;
        }
        if (message.Kind != ResultKind.Progress)
        {
            var job = delivery == Delivery.Dropped ? null : await jobs.GetAsync(message.JobId, ct);
            if (job is { IsPending: true })
            {
                generator.Park(entry.Id, message);
                return;
            }
            WorkersLog.DroppedResult(logger, message.Kind.ToString(), message.JobId, message.Worker);
            await db.HashDeleteAsync(keys.HandedOut, message.JobId.Value);
        }
        await AcknowledgeAsync(db, entry.Id);
    }

    private async Task AcknowledgeAsync(IDatabase db, RedisValue id)
    {
        await db.StreamAcknowledgeAsync(keys.Results, StreamKeys.BotGroup, id);
        await db.StreamDeleteAsync(keys.Results, [id]);
    }
}
