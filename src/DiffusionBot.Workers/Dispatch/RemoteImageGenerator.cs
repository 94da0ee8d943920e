using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Workers.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DiffusionBot.Workers.Dispatch;

/// <summary>What the results reader should do with an outcome it handed over.</summary>
internal enum Delivery
{
    /// <summary>Consumed (progress): acknowledge now.</summary>
    Acknowledge = 0,

    /// <summary>Taken by a waiting job: acknowledged once the job's outcome is stored (<see cref="IGenerationReceipts"/>).</summary>
    Kept = 1,

    /// <summary>No job waits for it here.</summary>
    Unclaimed = 2,

    /// <summary>For a job this bot cancelled: acknowledge it and forget the job.</summary>
    Dropped = 3,
}

/// <summary>
/// The bot's <see cref="IImageGenerator"/> when workers are configured: it hands the job to the model's stream (once:
/// a job already handed out, e.g. before a restart, is not sent again), tells the requester while no worker serves the
/// model or Redis is unreachable, and waits for the outcome the results reader delivers. A cancel is published to the
/// workers; a bot shutdown leaves the job with them.
/// </summary>
internal sealed class RemoteImageGenerator(
    IConnectionMultiplexer redis,
    StreamKeys keys,
    WorkerRegistry registry,
    RunningJobs running,
    IJobNotifier notifier,
    IModelCatalog catalog,
    IHostApplicationLifetime lifetime,
    IOptions<WorkersOptions> options,
    TimeProvider time,
    ILogger<RemoteImageGenerator> logger) : IImageGenerator, IGenerationReceipts, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, Waiter> _waiting = [];
    private readonly Dictionary<JobId, (RedisValue EntryId, ResultMessage Message)> _parked = [];
    private readonly Dictionary<JobId, List<RedisValue>> _toAcknowledge = [];
    private readonly HashSet<JobId> _cancelled = [];
    private readonly SemaphoreSlim _sending = new(1, 1);

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(Id(request.JobId), StreamModel(request.Model), request, progress, cancellationToken);

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(Id(request.JobId), StreamModel(request.Model), request, progress, cancellationToken);

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken) =>
        RunAsync(Id(request.JobId), StreamModel(request.Model), request, progress, cancellationToken);

    public void Dispose() => _sending.Dispose();

    /// <summary>The catalogue's spelling of the job's model (workers announce catalogue names); the default for none.</summary>
    private string StreamModel(string? model) =>
        catalog.TryFind(model, out var info) ? info.Name : string.IsNullOrWhiteSpace(model) ? catalog.Default.Name : model;

    /// <summary>Jobs handed out (or being handed out) and not yet answered.</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate) return _waiting.Count;
        }
    }

    /// <summary>Called by the results reader for every readable message.</summary>
    public Delivery Deliver(RedisValue entryId, ResultMessage message)
    {
        lock (_gate) return DeliverLocked(entryId, message);
    }

    /// <summary>Keeps an outcome that came while no job waited for it (the bot restarted and has not re-queued the job yet);
    /// hands it over when the job asks (at once if a job started waiting meanwhile).</summary>
    public void Park(RedisValue entryId, ResultMessage message)
    {
        lock (_gate)
        {
            if (DeliverLocked(entryId, message) != Delivery.Unclaimed) return;
            if (_parked.TryGetValue(message.JobId, out var earlier)) Remember(message.JobId, earlier.EntryId);
            _parked[message.JobId] = (entryId, message);
        }
    }

    public async Task StoredAsync(JobId jobId, CancellationToken cancellationToken)
    {
        List<RedisValue>? entries;
        lock (_gate)
        {
            _toAcknowledge.Remove(jobId, out entries);
            if (_parked.Remove(jobId, out var parked)) (entries ??= []).Add(parked.EntryId);
        }
        var db = redis.GetDatabase();
        if (entries is { Count: > 0 })
        {
            await db.StreamAcknowledgeAsync(keys.Results, StreamKeys.BotGroup, [.. entries]).WaitAsync(cancellationToken);
            await db.StreamDeleteAsync(keys.Results, [.. entries]).WaitAsync(cancellationToken);
        }
        await db.HashDeleteAsync(keys.HandedOut, jobId.Value).WaitAsync(cancellationToken);
    }

    /// <summary>After Redis came back: hands out again every waiting job Redis no longer knows (it lost its data).</summary>
    public async Task RefeedAsync(CancellationToken cancellationToken)
    {
        Waiter[] waiting;
        lock (_gate) waiting = [.. _waiting.Values.Where(w => w.Sent)];
        WorkersLog.RedisBack(logger, waiting.Length);
        foreach (var waiter in waiting) await HandOutAsync(waiter, cancellationToken);
    }

    private async Task<GenerationResult> RunAsync(JobId id, string model, object request, IProgress<GenerationProgress> progress, CancellationToken ct)
    {
        var waiter = new Waiter(new JobMessage(id, request), model, progress);
        lock (_gate)
        {
            if (_parked.Remove(id, out var parked))
            {
                Remember(id, parked.EntryId);
                waiter.Outcome.TrySetResult(parked.Message);
            }
            else
            {
                _waiting[id] = waiter;
            }
        }
        try
        {
            if (!waiter.Outcome.Task.IsCompleted) await SendAsync(waiter, ct);
            return Resolve(await waiter.Outcome.Task.WaitAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A bot shutdown leaves the job with the workers; a cancel of a job never handed out has nobody to tell.
            var tell = !lifetime.ApplicationStopping.IsCancellationRequested && waiter.Sent;
            lock (_gate)
            {
                _waiting.Remove(id);
                if (tell) _cancelled.Add(id);
            }
            if (tell) await PublishCancelAsync(id);
            throw;
        }
        catch
        {
            lock (_gate) _waiting.Remove(id);
            throw;
        }
    }

    private static GenerationResult Resolve(ResultMessage outcome) => outcome.Kind switch
    {
        ResultKind.Done => outcome.Result!,
        ResultKind.Failed => throw new GenerationFailedException(outcome.Reason!),
        _ => throw new GenerationFailedException("The generator stopped this job before it finished. Your quota was refunded."),
    };

    /// <summary>Hands the job out once a live worker serves its model, telling the requester while it waits.</summary>
    private async Task SendAsync(Waiter waiter, CancellationToken ct)
    {
        var o = options.Value;
        DateTimeOffset? modelMissingSince = null;
        string? told = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (registry.Reachable && !registry.Serves(waiter.Model))
            {
                var now = time.GetUtcNow();
                modelMissingSince ??= now;
                if (now - modelMissingSince >= o.ModelWaitTimeout)
                    throw new GenerationFailedException($"No image generator serves the model '{waiter.Model}', so your job could not run. Your quota was refunded.");
                told = await TellAsync(waiter, told, NoWorkerNote(waiter.Model, o.ModelWaitTimeout), ct);
                await WaitAsync(registry.WaitChangeAsync(ct), o.RetryInterval, ct);
                continue;
            }
            try
            {
                await HandOutAsync(waiter, ct);
                return;
            }
            catch (Exception ex) when (RedisConnection.IsOutage(ex))
            {
                WorkersLog.RedisUnreachable(logger, ex, "handing out a job");
                told = await TellAsync(waiter, told, UnreachableNote, ct);
                await Task.Delay(o.RetryInterval, time, ct);
            }
        }
    }

    public const string UnreachableNote = "The image generators are unreachable right now; your job waits and starts as soon as they are back.";

    public static string NoWorkerNote(string model, TimeSpan wait) =>
        $"No image generator serves the model '{model}' right now; your job waits for one (up to {Math.Ceiling(wait.TotalMinutes)} min, then your quota is refunded).";

    private async Task<string> TellAsync(Waiter waiter, string? told, string note, CancellationToken ct)
    {
        if (told == note) return note;
        WorkersLog.JobWaits(logger, waiter.Message.JobId, note);
        var job = running.Current.FirstOrDefault(j => j.Id == waiter.Message.JobId);
        if (job is not null)
        {
            try
            {
                await notifier.WaitingAsync(job, note, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                WorkersLog.WorkerJobFailed(logger, ex, "bot", job.Id);
            }
        }
        return note;
    }

    private async Task WaitAsync(Task change, TimeSpan atMost, CancellationToken ct)
    {
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timeout = Task.Delay(atMost, time, delay.Token);
        await Task.WhenAny(change, timeout);
        await delay.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Adds the job to its model's stream unless Redis already holds it as handed out (one transaction).</summary>
    private async Task HandOutAsync(Waiter waiter, CancellationToken ct)
    {
        await _sending.WaitAsync(ct);
        try
        {
            var db = redis.GetDatabase();
            var id = waiter.Message.JobId.Value;
            var stream = keys.Jobs(waiter.Model);
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.HashNotExists(keys.HandedOut, id));
            var added = transaction.StreamAddAsync(stream, waiter.Message.ToFields());
            var marked = transaction.HashSetAsync(keys.HandedOut, id, stream);
            if (await transaction.ExecuteAsync().WaitAsync(ct))
            {
                await Task.WhenAll(added, marked);
                WorkersLog.HandedOut(logger, waiter.Message.JobId, waiter.Model);
            }
            waiter.Sent = true;
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task PublishCancelAsync(JobId id)
    {
        try
        {
            var db = redis.GetDatabase();
            await db.StringSetAsync(keys.Cancelled(id.Value.ToString()), 1, TimeSpan.FromDays(1));
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(keys.CancelChannel), id.Value);
        }
        catch (Exception ex) when (RedisConnection.IsOutage(ex) || ex is RedisException)
        {
            WorkersLog.RedisUnreachable(logger, ex, "publishing a cancel");
        }
    }

    private Delivery DeliverLocked(RedisValue entryId, ResultMessage message)
    {
        if (_cancelled.Contains(message.JobId))
        {
            if (message.Kind != ResultKind.Progress) _cancelled.Remove(message.JobId);
            return message.Kind == ResultKind.Progress ? Delivery.Acknowledge : Delivery.Dropped;
        }
        if (!_waiting.TryGetValue(message.JobId, out var waiter)) return Delivery.Unclaimed;
        if (message.Kind == ResultKind.Progress)
        {
            waiter.Progress.Report(new GenerationProgress(message.Step, message.TotalSteps, message.Phase));
            return Delivery.Acknowledge;
        }
        _waiting.Remove(message.JobId);
        Remember(message.JobId, entryId);
        waiter.Outcome.TrySetResult(message);
        return Delivery.Kept;
    }

    private void Remember(JobId id, RedisValue entryId)
    {
        if (!_toAcknowledge.TryGetValue(id, out var list)) _toAcknowledge[id] = list = [];
        list.Add(entryId);
    }

    private static JobId Id(JobId? id) => id ?? throw new ArgumentException("A job handed to workers needs its job id (set by the generation worker).");

    private sealed class Waiter(JobMessage message, string model, IProgress<GenerationProgress> progress)
    {
        public JobMessage Message { get; } = message;
        public string Model { get; } = model;
        public IProgress<GenerationProgress> Progress { get; } = progress;
        public TaskCompletionSource<ResultMessage> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Sent { get; set; }
    }
}
