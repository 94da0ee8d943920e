using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Ports;

/// <summary>The read side /stats needs from the job store.</summary>
public interface IJobStatsQuery
{
    /// <summary>Jobs created in [<paramref name="from"/>, <paramref name="to"/>), any status, in one guild when <paramref name="guildId"/> is given.</summary>
    Task<IReadOnlyList<Job>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, ulong? guildId, CancellationToken cancellationToken);
}
