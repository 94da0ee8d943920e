using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>Decides whether a job's interaction token may still be used, or the result must go as a channel message.</summary>
public sealed class InteractionTokenPolicy(IOptions<ModerationOptions> options)
{
    /// <summary>True while now is before token creation + lifetime − safety margin.</summary>
    public bool IsInteractionTokenValid(Job job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Origin.Interaction is not { } interaction) return false;
        var o = options.Value;
        return now < interaction.CreatedAt + o.InteractionTokenLifetime - o.InteractionTokenSafetyMargin;
    }
}
