using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Application;

/// <summary>The finished job a result's 📋 or 🖋 (or the prompt-edit form) points at, in the presser's guild.</summary>
internal static class FinishedJobs
{
    public static async Task<Validated<Job>> FindAsync(IJobStore jobs, string? customId, ButtonAction expected, Member member, CancellationToken ct)
    {
        var parsed = ButtonCustomId.TryParse(customId);
        if (!parsed.Success) return Validated.Fail<Job>(parsed.Error!);
        if (parsed.Id!.Action != expected) return Validated.Fail<Job>("That button cannot be used this way.");
        var job = await jobs.GetAsync(parsed.Id.JobId, ct);
        if (job is null || job.GuildId != member.GuildId || job.Status == JobStatus.Deleted)
            return Validated.Fail<Job>(ButtonPressUseCase.NotFoundMessage);
        return job.Status == JobStatus.Succeeded ? Validated.Ok(job) : Validated.Fail<Job>("That job has no finished image yet.");
    }
}
