using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Core.Application;

/// <summary>
/// The common tail of every new job: banned words → queue room → charge and save (one transaction) → enqueue → show the
/// position. A storage failure in the transaction leaves neither a charge nor a job. A member's uploaded picture is stored
/// under the new job (<see cref="JobParameters.UploadedImageIndex"/>) before the charge, and removed again when the job
/// is refused.
/// </summary>
public sealed class JobSubmitter(
    IJobIdGenerator ids,
    IImageStore images,
    FairJobQueue queue,
    QueuePositions positions,
    QuotaService quotas,
    BannedWords bannedWords,
    IJobNotifier notifier,
    TimeProvider time,
    ILogger<JobSubmitter> logger)
{
    private readonly SafeNotifier _notify = new(notifier, logger);

    public Task<SubmitOutcome> SubmitAsync(JobKind kind, JobOrigin origin, JobParameters parameters, CancellationToken cancellationToken) =>
        SubmitAsync(kind, origin, parameters, null, cancellationToken);

    /// <summary>A job whose source is the member's own picture (<paramref name="uploadedPng"/>, already checked and made
    /// ready by <see cref="IUploadedImages"/>): the job's source fields point at the stored copy.</summary>
    public Task<SubmitOutcome> SubmitUploadAsync(
        JobKind kind, JobOrigin origin, JobParameters parameters, ReadOnlyMemory<byte> uploadedPng, CancellationToken cancellationToken) =>
        SubmitAsync(kind, origin, parameters, uploadedPng, cancellationToken);

    private async Task<SubmitOutcome> SubmitAsync(
        JobKind kind, JobOrigin origin, JobParameters parameters, ReadOnlyMemory<byte>? uploadedPng, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(parameters);
        if (await bannedWords.AnyBannedAsync([parameters.Prompt, parameters.NegativePrompt], cancellationToken))
            return SubmitOutcome.Refused(BannedWords.RefusalMessage);
        if (queue.CheckCapacity(origin.RequesterId) is { } full) return SubmitOutcome.Refused(full.Message!);

        var id = ids.Next();
        if (uploadedPng is { } upload)
        {
            parameters = parameters with { SourceJobId = id, SourceImageIndex = JobParameters.UploadedImageIndex };
            await images.SaveAsync(id, JobParameters.UploadedImageIndex, upload, cancellationToken);
        }

        var job = new Job(id, kind, origin, parameters, quotas.CostOf(kind, parameters), time.GetUtcNow());
        QuotaChargeResult charge;
        try
        {
            charge = await quotas.TryChargeAndSaveAsync(job, cancellationToken);
        }
        catch when (uploadedPng is not null)
        {
            await ForgetUploadAsync(id);
            throw;
        }

        if (!charge.Charged)
        {
            if (uploadedPng is not null) await ForgetUploadAsync(id);
            var status = charge.Status;
            return SubmitOutcome.Refused(
                $"Not enough quota: this needs {job.Cost} and you have {status.LeftText} left. Your quota resets at {status.ResetsAtText}.",
                status.ResetsAt);
        }

        var queued = queue.TryEnqueue(job);
        if (!queued.Accepted)
        {
            job.MarkFailed(time.GetUtcNow(), queued.Message!);
            await quotas.RefundAndSaveAsync(job, CancellationToken.None);
            if (uploadedPng is not null) await ForgetUploadAsync(id);
            return SubmitOutcome.Refused(queued.Message!);
        }

        CoreLog.JobQueued(logger, kind, job.Id, origin.RequesterId, queued.Position);
        positions.Shown(job.Id, queued.Position);
        await _notify.QueuedAsync(job, queued.Position, cancellationToken);
        positions.QueueChanged();
        return SubmitOutcome.Queued(job, queued.Position);
    }

    /// <summary>Removes the upload of a job that was not made; a failure here only leaves an unreferenced file.</summary>
    private async Task ForgetUploadAsync(JobId id)
    {
        try
        {
            await images.DeleteAllAsync(id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CoreLog.UploadNotRemoved(logger, ex, id);
        }
    }
}
