using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>What the prompt-edit form opens with: its id (pointing at the source job) and the source's texts.</summary>
public sealed record PromptEditForm(string CustomId, string Prompt, string? NegativePrompt);

/// <summary>The submitted form as neutral data: who sent it, where, the interaction to answer and the edited texts.</summary>
public sealed record PromptEdit(string CustomId, Member Member, ulong ChannelId, InteractionRef Interaction, string? Prompt, string? NegativePrompt);

/// <summary>
/// 🖋: a form with a finished job's prompt and negative prompt; its submit makes a new job with the source's settings,
/// the edited texts and a new seed (as a re-roll does), through the same checks and charge as /imagine. Anyone in the
/// guild may use it; the new job is the sender's and charged to the sender. An image variation stays a variation of
/// the same source image; any other source gives a new imagine job. Upscales have no prompt of their own to edit.
/// </summary>
public sealed class PromptEditUseCase(IJobStore jobs, IPromptChecker prompts, JobSubmitter submitter, ISeedSource seeds, IModelCatalog catalog, IOptions<LimitsOptions> limits)
{
    public const string UpscaleMessage = "An upscaled image has no prompt of its own; use 🖋 on the original.";

    public async Task<Validated<PromptEditForm>> OpenAsync(string? customId, Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var source = await SourceAsync(customId, ButtonAction.Edit, member, cancellationToken);
        if (!source.Success) return Validated.Fail<PromptEditForm>(source.Error);
        var p = source.Value.Parameters;
        return Validated.Ok(new PromptEditForm(new ButtonCustomId(ButtonAction.EditSubmit, source.Value.Id).Format(), p.Prompt, p.NegativePrompt));
    }

    public async Task<SubmitOutcome> SubmitAsync(PromptEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var source = await SourceAsync(edit.CustomId, ButtonAction.EditSubmit, edit.Member, cancellationToken);
        if (!source.Success) return SubmitOutcome.Refused(source.Error);

        var max = limits.Value.MaxPromptLength;
        var prompt = edit.Prompt?.Trim();
        if (string.IsNullOrEmpty(prompt)) return SubmitOutcome.Refused("The prompt is empty. Describe the image you want.");
        if (prompt.Length > max) return SubmitOutcome.Refused($"The prompt is {prompt.Length} characters long; the limit is {max}. Please shorten it.");
        var negative = string.IsNullOrWhiteSpace(edit.NegativePrompt) ? null : edit.NegativePrompt.Trim();
        if (negative is { Length: var length } && length > max)
            return SubmitOutcome.Refused($"The negative prompt is {length} characters long; the limit is {max}. Please shorten it.");
        var problem = await prompts.CheckAsync(prompt, negative, cancellationToken);
        if (problem is not null) return SubmitOutcome.Refused(problem);

        var job = source.Value;
        var edited = job.Parameters with { Prompt = prompt, NegativePrompt = negative, Seed = seeds.NextSeed() };
        var (kind, parameters) = job.Kind == JobKind.Variation
            ? (JobKind.Variation, edited)
            : (JobKind.Imagine, edited with { SourceJobId = null, SourceImageIndex = null });
        var origin = new JobOrigin(edit.Member.UserId, edit.Member.GuildId, edit.ChannelId, edit.Interaction);
        return await submitter.SubmitAsync(kind, origin, parameters, cancellationToken);
    }

    private async Task<Validated<Job>> SourceAsync(string? customId, ButtonAction expected, Member member, CancellationToken ct)
    {
        var source = await FinishedJobs.FindAsync(jobs, customId, expected, member, ct);
        if (source.Success && source.Value.Kind == JobKind.Upscale) return Validated.Fail<Job>(UpscaleMessage);
        if (source.Success && !catalog.TryFind(source.Value.Parameters.Model, out _)) return Validated.Fail<Job>(RetiredModel.ButtonMessage(source.Value.Parameters.Model));
        return source;
    }
}
