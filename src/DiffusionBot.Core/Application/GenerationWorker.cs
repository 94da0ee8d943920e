using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>
/// The single consumer of the queue: take → running → generator → images stored → succeeded → posted → saved.
/// The notifier posts and the worker saves. Failures refund and notify with a clear message; a user's cancel stops the
/// generator and refunds once, unless the result was already being finished (then it is posted: one outcome, never
/// both); a shutdown leaves the job Running in the store for <see cref="JobRecovery"/> at the next start.
/// </summary>
public sealed class GenerationWorker(
    RunningJobs running,
    IJobStore jobs,
    IImageStore images,
    IImageGenerator generator,
    QuotaService quotas,
    IJobNotifier notifier,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<GenerationWorker> logger,
    IGenerationReceipts? receipts = null)
{
    public const string InternalErrorMessage = "Something went wrong while generating your image. Your quota was refunded; please try again.";

    private readonly SafeNotifier _notify = new(notifier, logger);
    private readonly JobStateWriter _writer = new(jobs, quotas, logger);

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var lease = await StartNextOrNullAsync(stoppingToken);
            if (lease is null) return;
            await ProcessAsync(lease, stoppingToken);
        }
    }

    /// <summary>Waits for the next job; null once <paramref name="stoppingToken"/> is cancelled.</summary>
    private async Task<RunningJobLease?> StartNextOrNullAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await running.StartNextAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits for the next job and does it start to finish; false once <paramref name="stoppingToken"/> is cancelled.
    /// Several callers may run at once (one per job handed to a remote generator).</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken stoppingToken)
    {
        using var lease = await StartNextOrNullAsync(stoppingToken);
        if (lease is null) return false;
        await ProcessAsync(lease, stoppingToken);
        return true;
    }

    /// <summary>Takes the next waiting job, if any, and does it start to finish; false when none was waiting.</summary>
    public async Task<bool> TryProcessNextAsync(CancellationToken stoppingToken)
    {
        using var lease = running.TryStartNext(stoppingToken);
        if (lease is null) return false;
        await ProcessAsync(lease, stoppingToken);
        return true;
    }

    /// <summary>Does one job start to finish. Never throws for a job's own failure. The caller disposes the lease.</summary>
    private async Task ProcessAsync(RunningJobLease lease, CancellationToken stoppingToken)
    {
        var job = lease.Job;
        if (job.Status != JobStatus.Queued) return;
        try
        {
            job.MarkRunning(time.GetUtcNow());
            await jobs.SaveAsync(job, stoppingToken);
            CoreLog.JobStarted(logger, job.Id);
            lease.Token.ThrowIfCancellationRequested();

            var progress = new ThrottledProgress(job, _notify, new ProgressThrottle(time, limits.Value.ProgressEditInterval), stoppingToken);
            var result = await GenerateAsync(job, progress, lease.Token);
            if (result.Images.Count == 0) throw new GenerationFailedException("The generator returned no image. Your quota was refunded.");
            if (!lease.TryBeginFinish()) throw new OperationCanceledException(lease.Token);

            var stored = new List<JobImage>(result.Images.Count);
            for (var i = 0; i < result.Images.Count; i++)
            {
                var image = result.Images[i];
                await images.SaveAsync(job.Id, i, image.Png, stoppingToken);
                stored.Add(new JobImage(new ImageRef(i, image.Seed, image.Nsfw, image.Width, image.Height), image.Png));
            }
            job.MarkSucceeded(time.GetUtcNow(), stored.Select(s => s.Ref).ToArray(), result.TruncationNote, result.Method);
            await progress.DrainAsync();
            await FinishAsync(job, stored);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            CoreLog.JobInterrupted(logger, job.Id);
        }
        catch (OperationCanceledException) when (lease.IsCancellationRequested)
        {
            await CancelledAsync(job);
        }
        catch (Exception ex)
        {
            var reason = ex is GenerationFailedException ? ex.Message : InternalErrorMessage;
            await FailAsync(job, reason, ex);
        }
    }

    /// <summary>
    /// Saves the succeeded job, posts it, and saves it again with its message. The images are made and stored, so the post
    /// happens even when the first save fails (the save after the post tries again): the requester hears at once.
    /// A shutdown starting now must not cancel the post, or nobody would ever see it.
    /// </summary>
    private async Task FinishAsync(Job job, List<JobImage> stored)
    {
        var saved = await _writer.TrySaveAsync(job);
        CoreLog.JobSucceeded(logger, job.Id, stored.Count, job.Duration?.TotalMilliseconds ?? 0);
        var messageId = await _notify.CompletedAsync(job, stored, CancellationToken.None);
        if (messageId is { } id) job.AttachMessage(id);
        if (messageId is not null || !saved) saved = await _writer.TrySaveAsync(job) || saved;
        if (saved) await ReceiptAsync(job);
    }

    /// <summary>Tells the generator the job's outcome is stored (it may now drop its copy of the result).</summary>
    private async Task ReceiptAsync(Job job)
    {
        if (receipts is null) return;
        try
        {
            await receipts.StoredAsync(job.Id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            CoreLog.JobFailed(logger, ex, job.Id, "receipt failed");
        }
    }

    private async Task<GenerationResult> GenerateAsync(Job job, IProgress<GenerationProgress> progress, CancellationToken ct)
    {
        var p = job.Parameters;
        switch (job.Kind)
        {
            case JobKind.Imagine or JobKind.Reroll:
                return await generator.GenerateAsync(
                    new TextToImageRequest(p.Prompt, p.NegativePrompt, p.Seed, p.Steps, p.Guidance, p.Width, p.Height, p.Count, p.Model, p.Scheduler, p.NoiseSource) { JobId = job.Id },
                    progress, ct);
            case JobKind.Upscale:
                var upscaleSource = await LoadSourceAsync(p, ct);
                var sourceNsfw = await IsSourceFlaggedAsync(p, ct);
                return await generator.UpscaleAsync(
                    new UpscaleRequest(upscaleSource, p.UpscaleFactor ?? limits.Value.UpscaleFactor, p.Prompt, p.Model, p.Seed, sourceNsfw) { JobId = job.Id },
                    progress, ct);
            case JobKind.Variation:
                var variationSource = await LoadSourceAsync(p, ct);
                return await generator.VaryAsync(
                    new VariationRequest(variationSource, p.Prompt, p.VariationStrength ?? limits.Value.VariationStrength, p.NegativePrompt, p.Seed,
                        p.Steps, p.Guidance, p.Count, p.Scheduler, p.NoiseSource, p.Model)
                    { JobId = job.Id },
                    progress, ct);
            default:
                throw new GenerationFailedException($"Unknown job kind {job.Kind}.");
        }
    }

    private async Task<bool> IsSourceFlaggedAsync(JobParameters p, CancellationToken ct)
    {
        var source = p.SourceJobId is { } sourceId ? await jobs.GetAsync(sourceId, ct) : null;
        return source?.Images.FirstOrDefault(i => i.Index == p.SourceImageIndex)?.Nsfw ?? false;
    }

    private async Task<byte[]> LoadSourceAsync(JobParameters p, CancellationToken ct)
    {
        if (p.SourceJobId is not { } sourceId || p.SourceImageIndex is not { } index)
            throw new GenerationFailedException("This job has no source image.");
        return await images.LoadAsync(sourceId, index, ct)
            ?? throw new GenerationFailedException("The source image was deleted, so it cannot be used any more. Your quota was refunded.");
    }

    private async Task CancelledAsync(Job job)
    {
        if (!job.TryMarkCancelled(time.GetUtcNow())) return;
        await _writer.RefundAndSaveAsync(job);
        CoreLog.JobCancelled(logger, job.Id);
        await _notify.CancelledAsync(job, CancellationToken.None);
    }

    private async Task FailAsync(Job job, string reason, Exception ex)
    {
        CoreLog.JobFailed(logger, ex, job.Id, reason);
        if (job.Status is not (JobStatus.Queued or JobStatus.Running)) return;
        job.MarkFailed(time.GetUtcNow(), reason);
        await _writer.RefundAndSaveAsync(job);
        await ReceiptAsync(job);
        await _notify.FailedAsync(job, reason, CancellationToken.None);
    }
}
