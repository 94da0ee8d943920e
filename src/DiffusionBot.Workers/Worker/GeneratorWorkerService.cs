using System.Diagnostics;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Workers.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DiffusionBot.Workers.Worker;

/// <summary>
/// The <c>worker</c> process: one engine, one job at a time. It announces its catalogue with a heartbeat, takes a job
/// from its models' streams (first one a silent worker left behind for <see cref="WorkersOptions.ClaimAfter"/>, then a
/// new one), runs it on the local generator, streams progress and the outcome to the bot, and only then acknowledges the
/// job. Its running job stays claimed by its heartbeat; a cancel request stops the run (the engine terminates the ONNX
/// run natively). It keeps no state that is not in Redis.
/// </summary>
internal sealed class GeneratorWorkerService(
    IConnectionMultiplexer redis,
    StreamKeys keys,
    IImageGenerator generator,
    IWorkerCatalogue catalogue,
    IOptions<WorkersOptions> options,
    TimeProvider time,
    ILogger<GeneratorWorkerService> logger) : BackgroundService
{
    private readonly string _name = string.IsNullOrWhiteSpace(options.Value.WorkerName)
        ? $"{Environment.MachineName}-{Environment.ProcessId}"
        : options.Value.WorkerName;

    private volatile Current? _current;

    public string Name => _name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        WorkersLog.WorkerStarted(logger, _name, string.Join(", ", catalogue.Models));
        var heartbeat = HeartbeatAsync(stoppingToken);
        try
        {
            await WorkAsync(stoppingToken);
        }
        finally
        {
            await heartbeat;
            await ByeAsync();
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        var o = options.Value;
        var ready = false;
        var subscribed = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!subscribed)
                {
                    // Once subscribed, the multiplexer subscribes again by itself after a reconnect.
                    await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.CancelChannel), (_, message) => OnCancel(message));
                    subscribed = true;
                }
                if (!ready)
                {
                    foreach (var model in catalogue.Models) await EnsureGroupAsync(db, keys.Jobs(model));
                    ready = true;
                }
                if (await NextAsync(db) is { } next) await ProcessAsync(db, next.Stream, next.Entry, ct);
                else await Task.Delay(o.PollInterval, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (RedisConnection.IsOutage(ex) || ex is RedisServerException)
            {
                WorkersLog.RedisUnreachable(logger, ex, "taking jobs");
                ready = false;
                await DelayAsync(o.RetryInterval, ct);
            }
        }
    }

    /// <summary>A job left behind by a silent worker, else a new one, from any of this worker's models.</summary>
    private async Task<(RedisKey Stream, StreamEntry Entry)?> NextAsync(IDatabase db)
    {
        var claimAfter = (long)options.Value.ClaimAfter.TotalMilliseconds;
        foreach (var model in catalogue.Models)
        {
            var stream = keys.Jobs(model);
            var claimed = await db.StreamAutoClaimAsync(stream, StreamKeys.WorkerGroup, _name, claimAfter, "0-0", 1);
            if (claimed.ClaimedEntries is [var entry, ..] && !entry.IsNull)
            {
                WorkersLog.Claimed(logger, _name, stream.ToString(), entry.Id.ToString());
                return (stream, entry);
            }
        }
        foreach (var model in catalogue.Models)
        {
            var stream = keys.Jobs(model);
            var entries = await db.StreamReadGroupAsync(stream, StreamKeys.WorkerGroup, _name, ">", 1);
            if (entries is [var entry, ..] && !entry.IsNull) return (stream, entry);
        }
        return null;
    }

    private async Task ProcessAsync(IDatabase db, RedisKey stream, StreamEntry entry, CancellationToken stoppingToken)
    {
        JobMessage message;
        try
        {
            message = JobMessage.Parse(entry);
        }
        catch (MessageFormatException ex)
        {
            WorkersLog.MovedAside(logger, stream.ToString(), entry.Id.ToString(), ex.Message);
            await DeadLetters.MoveAsync(db, keys, stream, StreamKeys.WorkerGroup, entry, ex.Message);
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _current = new Current(message.JobId, stream, entry.Id, cancellation);
        var started = Stopwatch.GetTimestamp();
        ResultMessage outcome;
        try
        {
            if (await db.KeyExistsAsync(keys.Cancelled(message.JobId.Value.ToString()))) await cancellation.CancelAsync();
            var result = await RunAsync(db, message, cancellation.Token);
            outcome = ResultMessage.Done(message.JobId, _name, result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // left pending: another worker claims it after Workers:ClaimAfter
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            outcome = ResultMessage.Cancelled(message.JobId, _name);
        }
        catch (GenerationFailedException ex)
        {
            outcome = ResultMessage.Failed(message.JobId, _name, ex.Message);
        }
        catch (Exception ex) when (!RedisConnection.IsOutage(ex))
        {
            WorkersLog.WorkerJobFailed(logger, ex, _name, message.JobId);
            outcome = ResultMessage.Failed(message.JobId, _name, GenerationWorker.InternalErrorMessage);
        }
        finally
        {
            _current = null;
        }
        await db.StreamAddAsync(keys.Results, outcome.ToFields());
        await db.StreamAcknowledgeAsync(stream, StreamKeys.WorkerGroup, entry.Id);
        await db.StreamDeleteAsync(stream, [entry.Id]);
        WorkersLog.WorkerJobEnded(logger, _name, outcome.Kind.ToString().ToLowerInvariant(), message.JobId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private Task<GenerationResult> RunAsync(IDatabase db, JobMessage message, CancellationToken ct)
    {
        var progress = new StreamProgress(db, keys.Results, message.JobId, _name);
        return message.Request switch
        {
            TextToImageRequest r => generator.GenerateAsync(r, progress, ct),
            UpscaleRequest r => generator.UpscaleAsync(r, progress, ct),
            VariationRequest r => generator.VaryAsync(r, progress, ct),
            _ => throw new GenerationFailedException("The worker does not know this kind of job. Your quota was refunded."),
        };
    }

    private void OnCancel(RedisValue message)
    {
        if (_current is not { } current || message != current.JobId.Value) return;
        try
        {
            current.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the job ended meanwhile
        }
    }

    /// <summary>Announces the catalogue and keeps the running job claimed, every heartbeat, until stopped.</summary>
    private async Task HeartbeatAsync(CancellationToken ct)
    {
        var o = options.Value;
        var announcement = new WorkerAnnouncement(Fields.Version, catalogue.Models).ToJson();
        using var timer = new PeriodicTimer(o.HeartbeatInterval, time);
        do
        {
            try
            {
                var db = redis.GetDatabase();
                await db.StringSetAsync(keys.Worker(_name), announcement, o.WorkerTimeout);
                await db.SetAddAsync(keys.Workers, _name);
                if (_current is { } current)
                    await db.StreamClaimIdsOnlyAsync(current.Stream, StreamKeys.WorkerGroup, _name, 0, [current.EntryId]);
            }
            catch (Exception ex) when (RedisConnection.IsOutage(ex) || ex is RedisServerException)
            {
                WorkersLog.RedisUnreachable(logger, ex, "heartbeat");
            }
        }
        while (await TickAsync(timer, ct));
    }

    private async Task ByeAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            await db.KeyDeleteAsync(keys.Worker(_name));
            await db.SetRemoveAsync(keys.Workers, _name);
        }
        catch (Exception ex) when (RedisConnection.IsOutage(ex) || ex is RedisServerException)
        {
            WorkersLog.RedisUnreachable(logger, ex, "leaving");
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken ct)
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

    private static async Task EnsureGroupAsync(IDatabase db, RedisKey stream)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, StreamKeys.WorkerGroup, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    private sealed record Current(JobId JobId, RedisKey Stream, RedisValue EntryId, CancellationTokenSource Cancellation);

    /// <summary>Each step goes to the results stream in order (pipelined on the one connection, not awaited by the engine).</summary>
    private sealed class StreamProgress(IDatabase db, RedisKey results, JobId job, string worker) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) =>
            db.StreamAdd(results, ResultMessage.Progress(job, worker, value.Step, value.TotalSteps, value.Phase).ToFields(), flags: CommandFlags.FireAndForget);
    }
}
