using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Moderation;

/// <summary>Who is a moderator and who may act on a job. Always decided from stored data, never from a custom id.</summary>
public sealed class ModeratorPolicy(IOptions<ModerationOptions> options)
{
    public const string NotModeratorMessage = "Only moderators (Manage Server permission or the moderator role) can do that.";

    public bool IsModerator(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.GuildId is null) return false;
        if ((member.Permissions & (Member.ManageGuild | Member.Administrator)) != 0) return true;
        var roles = options.Value.ModeratorRoleIds;
        return member.RoleIds.Any(roles.Contains);
    }

    public static bool IsRequester(Member member, Job job) => member.UserId == job.RequesterId;

    /// <summary>Re-roll, upscale and variations spend the requester's quota on the requester's image: requester only.</summary>
    public bool MayDerive(Member member, Job job) => IsRequester(member, job);

    /// <summary>Cancel and delete end a job or remove its image: the requester, or a moderator.</summary>
    public bool MayManage(Member member, Job job) => IsRequester(member, job) || IsModerator(member);
}
