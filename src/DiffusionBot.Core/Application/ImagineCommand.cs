using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>/imagine as neutral data: who, where, the interaction to answer, the typed options, and the bytes of the
/// member's own picture when they gave one (image-to-image).</summary>
public sealed record ImagineCommand(Member Member, ulong ChannelId, InteractionRef Interaction, ImagineOptions Options, byte[]? Image = null);

/// <summary>
/// /imagine: fill options from pasted parameters, validate with the user's settings and defaults, let the generator
/// check the prompt, then submit. With an uploaded picture the job is image-to-image (a variation of the upload, made
/// at the requested size, charged like /imagine). What of the paste was not used is a notice on the outcome (and part of a refusal).
/// </summary>
public sealed class ImagineUseCase(
    ImagineRequestParser parser,
    ISettingsStore settings,
    IPromptChecker prompts,
    IUploadedImages uploads,
    JobSubmitter submitter,
    IModelCatalog catalog,
    IOptions<LimitsOptions> limits)
{
    public async Task<SubmitOutcome> SubmitAsync(ImagineCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var pasted = PastedParameters.Apply(command.Options, catalog);
        if (!pasted.Success) return SubmitOutcome.Refused(pasted.Error);
        var userSettings = await settings.GetAsync(command.Member.UserId, cancellationToken);
        var notices = new List<string>();
        if (pasted.Value.NotUsedNotice is { } notUsed) notices.Add(notUsed);
        if (RetiredDefault(pasted.Value.Options, userSettings) is { } retired) notices.Add(retired);
        var outcome = await SubmitAsync(command, pasted.Value.Options, userSettings, cancellationToken);
        if (notices.Count == 0) return outcome;
        return outcome.Accepted
            ? outcome with { Notices = [.. outcome.Notices, .. notices] }
            : outcome with { Message = outcome.Message + "\n" + string.Join('\n', notices) };
    }

    /// <summary>A note when the job falls back from the member's saved default model, which has left the catalogue.</summary>
    private string? RetiredDefault(ImagineOptions options, UserSettings userSettings) =>
        string.IsNullOrWhiteSpace(options.Model) && userSettings.Model is { } saved && !catalog.TryFind(saved, out _)
            ? RetiredModel.SettingNote(saved, catalog.Default.Name)
            : null;

    private async Task<SubmitOutcome> SubmitAsync(ImagineCommand command, ImagineOptions options, UserSettings userSettings, CancellationToken cancellationToken)
    {
        var parsed = parser.Parse(options, userSettings);
        if (!parsed.Success) return SubmitOutcome.Refused(parsed.Error);
        var problem = await prompts.CheckAsync(parsed.Value.Prompt, parsed.Value.NegativePrompt, cancellationToken);
        if (problem is not null) return SubmitOutcome.Refused(problem);
        var origin = new JobOrigin(command.Member.UserId, command.Member.GuildId, command.ChannelId, command.Interaction);
        if (command.Image is not { } file)
        {
            return options.Strength is null
                ? await submitter.SubmitAsync(JobKind.Imagine, origin, parsed.Value, cancellationToken)
                : SubmitOutcome.Refused("`strength` is for an uploaded `image`; attach one, or leave `strength` out.");
        }

        var strength = options.Strength ?? limits.Value.VariationStrength;
        if (strength is < ImagineRequestParser.MinStrength or > ImagineRequestParser.MaxStrength || double.IsNaN(strength))
            return SubmitOutcome.Refused(FormattableString.Invariant($"Strength must be between {ImagineRequestParser.MinStrength:0.##} and {ImagineRequestParser.MaxStrength:0.##}."));
        var source = uploads.ForImageToImage(file, parsed.Value.Width, parsed.Value.Height);
        if (!source.Success) return SubmitOutcome.Refused(source.Error);
        return await submitter.SubmitUploadAsync(JobKind.Variation, origin, parsed.Value with { VariationStrength = strength }, source.Value.Png, cancellationToken);
    }
}
