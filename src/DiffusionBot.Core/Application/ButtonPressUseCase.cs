using DiffusionBot.Core.Text;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>
/// A button press as neutral data. <see cref="Interaction"/> is the press's own interaction (a derived job answers there);
/// null for a press without one (a reaction), whose derived job answers with a channel message.
/// </summary>
public sealed record ButtonPress(string CustomId, Member Member, ulong ChannelId, InteractionRef? Interaction);

/// <summary>What a press did: a user-facing message, and the new job for re-roll/upscale/variation.</summary>
public sealed record ButtonOutcome(bool Success, string Message, ButtonAction? Action, Job? NewJob)
{
    public static ButtonOutcome Fail(string message, ButtonAction? action = null) => new(false, message, action, null);
}

/// <summary>parse id → load the stored job → authorize against it → re-roll/upscale/vary (new job), cancel or delete.
/// A derived job keeps its source's model; a source whose model has left the catalogue is refused before any charge.</summary>
public sealed class ButtonPressUseCase(
    IJobStore jobs,
    ModeratorPolicy policy,
    JobSubmitter submitter,
    JobCanceller canceller,
    JobDeleter deleter,
    ModerationAudit audit,
    ISeedSource seeds,
    IModelCatalog catalog,
    IOptions<LimitsOptions> limits)
{
    public const string NotFoundMessage = "That image no longer exists.";
    public const string NotYoursMessage = "Only the person who asked for this image can use that button.";

    public async Task<ButtonOutcome> HandleAsync(ButtonPress press, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(press);
        var parsed = ButtonCustomId.TryParse(press.CustomId);
        if (!parsed.Success) return ButtonOutcome.Fail(parsed.Error!);
        var id = parsed.Id!;
        var job = await jobs.GetAsync(id.JobId, cancellationToken);
        if (job is null || job.GuildId != press.Member.GuildId) return ButtonOutcome.Fail(NotFoundMessage, id.Action);

        return id.Action switch
        {
            ButtonAction.Cancel or ButtonAction.Delete => await ManageAsync(press.Member, job, id.Action, cancellationToken),
            ButtonAction.Reroll or ButtonAction.Upscale or ButtonAction.Variation => await DeriveAsync(press, job, id, cancellationToken),
            _ => ButtonOutcome.Fail("That button cannot be used this way.", id.Action),
        };
    }

    /// <summary>
    /// Cancel and Delete share their rules: the requester or a moderator may press them, and a moderator acting on someone
    /// else's job is audited. What each does is the canceller's or the deleter's.
    /// </summary>
    private async Task<ButtonOutcome> ManageAsync(Member member, Job job, ButtonAction action, CancellationToken ct)
    {
        var cancel = action == ButtonAction.Cancel;
        if (!policy.MayManage(member, job))
            return ButtonOutcome.Fail(cancel ? "Only the requester or a moderator can cancel this job." : "Only the requester or a moderator can delete this image.", action);
        var result = cancel ? await canceller.CancelAsync(job, ct) : await deleter.DeleteAsync(job, ct);
        if (result.Success && !ModeratorPolicy.IsRequester(member, job))
            await audit.RecordAsync(member, cancel ? AuditActions.JobCancel : AuditActions.JobDelete, job.RequesterId, $"job {job.Id}", ct);
        return new ButtonOutcome(result.Success, result.Message, action, null);
    }

    private async Task<ButtonOutcome> DeriveAsync(ButtonPress press, Job source, ButtonCustomId id, CancellationToken ct)
    {
        if (!policy.MayDerive(press.Member, source)) return ButtonOutcome.Fail(NotYoursMessage, id.Action);
        if (source.Status != JobStatus.Succeeded)
            return ButtonOutcome.Fail(source.Status == JobStatus.Deleted ? NotFoundMessage : "That job has no finished image yet.", id.Action);
        if (!catalog.TryFind(source.Parameters.Model, out _)) return ButtonOutcome.Fail(RetiredModel.ButtonMessage(source.Parameters.Model), id.Action);
        var derived = Derive(source, id);
        if (!derived.Success) return ButtonOutcome.Fail(derived.Error, id.Action);
        var origin = new JobOrigin(press.Member.UserId, press.Member.GuildId, press.ChannelId, press.Interaction);
        var submitted = await submitter.SubmitAsync(derived.Value.Kind, origin, derived.Value.Parameters, ct);
        return new ButtonOutcome(submitted.Accepted, submitted.Message, id.Action, submitted.Job);
    }

    internal Validated<DerivedJob> Derive(Job source, ButtonCustomId id)
    {
        var p = source.Parameters;
        if (id.Action != ButtonAction.Upscale && ModelProblem(p) is { } problem) return Validated.Fail<DerivedJob>(problem);
        switch (id.Action)
        {
            case ButtonAction.Reroll when source.Kind == JobKind.Upscale:
                return Validated.Fail<DerivedJob>("An upscaled image cannot be re-rolled; re-roll the original instead.");
            case ButtonAction.Reroll when source.Kind == JobKind.Variation:
                return Validated.Ok(new DerivedJob(JobKind.Variation, p with { Seed = seeds.NextSeed() }));
            case ButtonAction.Reroll:
                return Validated.Ok(new DerivedJob(JobKind.Reroll, p with { Seed = seeds.NextSeed(), SourceJobId = source.Id, SourceImageIndex = null }));
        }

        var index = id.ImageIndex ?? 0;
        var image = source.Images.FirstOrDefault(i => i.Index == index);
        if (image is null) return Validated.Fail<DerivedJob>($"Image {index + 1} does not exist in that job.");
        if (source.Kind == JobKind.Upscale)
            return Validated.Fail<DerivedJob>(id.Action == ButtonAction.Upscale ? "That image is already upscaled." : "Variations are made from the original images, not from upscales.");
        var common = p with { SourceJobId = source.Id, SourceImageIndex = index, Seed = image.Seed };
        if (id.Action == ButtonAction.Upscale)
        {
            var factor = limits.Value.UpscaleFactor;
            return Validated.Ok(new DerivedJob(JobKind.Upscale, common with
            {
                Count = 1,
                UpscaleFactor = factor,
                Width = image.Width * factor,
                Height = image.Height * factor,
            }));
        }
        return Validated.Ok(new DerivedJob(JobKind.Variation, common with
        {
            Seed = seeds.NextSeed(),
            Width = image.Width,
            Height = image.Height,
            VariationStrength = limits.Value.VariationStrength,
        }));
    }

    /// <summary>Why a re-roll or variation cannot run on the model that made the image any more (it left the
    /// catalogue, or the catalogue narrowed its steps or guidance); null when it can.</summary>
    private string? ModelProblem(JobParameters p)
    {
        if (!catalog.TryFind(p.Model, out var model))
            return RetiredModel.ButtonMessage(p.Model);
        if (p.Steps > model.MaxSteps || p.Guidance < model.MinGuidance || p.Guidance > model.MaxGuidance)
            return $"{model.Name} now allows 1–{model.MaxSteps} steps and guidance {model.MinGuidance:0.##}–{model.MaxGuidance:0.##}; this image used {p.Steps} steps and {p.Guidance:0.##}. Nothing was charged; start a new image with `/imagine`.";
        return null;
    }
}

/// <summary>The kind and parameters of a job made from another one.</summary>
public sealed record DerivedJob(JobKind Kind, JobParameters Parameters);
