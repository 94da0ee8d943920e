using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Application;

/// <summary>A stored result PNG: the first image of a job (a grid's PNG carries the same parameters).</summary>
public sealed record StoredImage(Job Job, byte[] Png);

/// <summary>
/// 📋: the stored PNG of a finished job, whose parameters chunk is the answer. Anyone in the guild may press it: the
/// same text is in the posted PNG for everyone to read.
/// </summary>
public sealed class ImageInfoUseCase(IJobStore jobs, IImageStore images)
{
    public async Task<Validated<StoredImage>> GetAsync(string? customId, Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var job = await FinishedJobs.FindAsync(jobs, customId, ButtonAction.Info, member, cancellationToken);
        if (!job.Success) return Validated.Fail<StoredImage>(job.Error);
        var first = job.Value.Images.OrderBy(i => i.Index).FirstOrDefault();
        var png = first is null ? null : await images.LoadAsync(job.Value.Id, first.Index, cancellationToken);
        return png is null ? Validated.Fail<StoredImage>(ButtonPressUseCase.NotFoundMessage) : Validated.Ok(new StoredImage(job.Value, png));
    }
}
