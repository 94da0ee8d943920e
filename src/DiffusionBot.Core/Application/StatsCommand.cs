using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Application;

/// <summary>/stats [days]: usage of the member's guild over the last days (today included), for moderators only.</summary>
public sealed class StatsCommand(IJobStatsQuery query, ModeratorPolicy policy, TimeProvider time)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 30;

    public async Task<Validated<StatsReport>> GetAsync(Member member, int? days, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!policy.IsModerator(member)) return Validated.Fail<StatsReport>(ModeratorPolicy.NotModeratorMessage);
        var n = days ?? DefaultDays;
        if (n is < 1 or > MaxDays) return Validated.Fail<StatsReport>($"Days must be between 1 and {MaxDays}.");
        var now = time.GetUtcNow();
        var to = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        var from = to.AddDays(-n);
        var jobs = await query.ListCreatedBetweenAsync(from, to, member.GuildId, ct);
        return Validated.Ok(StatsCalculator.Compute(jobs, from, to));
    }
}
