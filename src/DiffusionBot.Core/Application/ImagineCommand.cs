using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Application;

/// <summary>/imagine as neutral data: who, where, the interaction to answer, and the typed options.</summary>
public sealed record ImagineCommand(Member Member, ulong ChannelId, InteractionRef Interaction, ImagineOptions Options);

/// <summary>/imagine: validate with the user's settings and defaults, let the generator check the prompt, then submit.</summary>
public sealed class ImagineUseCase(ImagineRequestParser parser, ISettingsStore settings, IPromptChecker prompts, JobSubmitter submitter)
{
    public async Task<SubmitOutcome> SubmitAsync(ImagineCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userSettings = await settings.GetAsync(command.Member.UserId, cancellationToken);
        var parsed = parser.Parse(command.Options, userSettings);
        if (!parsed.Success) return SubmitOutcome.Refused(parsed.Error);
        var problem = await prompts.CheckAsync(parsed.Value.Prompt, parsed.Value.NegativePrompt, cancellationToken);
        if (problem is not null) return SubmitOutcome.Refused(problem);
        var origin = new JobOrigin(command.Member.UserId, command.Member.GuildId, command.ChannelId, command.Interaction);
        return await submitter.SubmitAsync(JobKind.Imagine, origin, parsed.Value, cancellationToken);
    }
}
