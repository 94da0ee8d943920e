using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>/upscale as neutral data: who, where, the interaction to answer, and the bytes of the member's picture.</summary>
public sealed record UpscaleCommand(Member Member, ulong ChannelId, InteractionRef Interaction, ReadOnlyMemory<byte> Image);

/// <summary>
/// /upscale: check the member's picture and make it the source of an upscale job by Limits:UpscaleFactor, charged like
/// the ⬆️ button. The job carries the bot's defaults for what an upscale does not use (model, scheduler, steps).
/// </summary>
public sealed class UpscaleUploadUseCase(
    IUploadedImages uploads,
    JobSubmitter submitter,
    IDefaultNoiseSource noiseSource,
    IModelCatalog catalog,
    IOptions<LimitsOptions> limits)
{
    public async Task<SubmitOutcome> SubmitAsync(UpscaleCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var source = uploads.ForUpscale(command.Image);
        if (!source.Success) return SubmitOutcome.Refused(source.Error);
        var factor = limits.Value.UpscaleFactor;
        var model = catalog.Default;
        var parameters = new JobParameters
        {
            Prompt = "",
            Seed = 0,
            Steps = model.DefaultSteps,
            Guidance = model.DefaultGuidance,
            Width = source.Value.Width * factor,
            Height = source.Value.Height * factor,
            Count = 1,
            Model = model.Name,
            Scheduler = model.DefaultScheduler,
            NoiseSource = noiseSource.Name,
            UpscaleFactor = factor,
        };
        var origin = new JobOrigin(command.Member.UserId, command.Member.GuildId, command.ChannelId, command.Interaction);
        return await submitter.SubmitUploadAsync(JobKind.Upscale, origin, parameters, source.Value.Png, cancellationToken);
    }
}
