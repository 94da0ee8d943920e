using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Core.Options;

/// <summary>Section "Moderation": banned words from configuration, moderator roles and the interaction token lifetime.</summary>
public sealed class ModerationOptions : IValidatableObject
{
    public const string SectionName = "Moderation";

    /// <summary>Words refused in prompts, on top of the ones moderators add at run time.</summary>
    public IList<string> BannedWords { get; set; } = [];

    /// <summary>Members with any of these roles are moderators, as are members with Manage Guild.</summary>
    public IList<ulong> ModeratorRoleIds { get; set; } = [];

    /// <summary>How long Discord accepts follow-ups with an interaction token (15 minutes).</summary>
    public TimeSpan InteractionTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Stop using a token this long before it expires, so a slow upload does not miss the deadline.</summary>
    public TimeSpan InteractionTokenSafetyMargin { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InteractionTokenLifetime <= TimeSpan.Zero)
            yield return new ValidationResult("Moderation:InteractionTokenLifetime must be positive.", [nameof(InteractionTokenLifetime)]);
        if (InteractionTokenSafetyMargin < TimeSpan.Zero || InteractionTokenSafetyMargin >= InteractionTokenLifetime)
            yield return new ValidationResult("Moderation:InteractionTokenSafetyMargin must be in [0, InteractionTokenLifetime).", [nameof(InteractionTokenSafetyMargin)]);
    }
}
