using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Ports;

/// <summary>Durable jobs: every parameter, status, timing and message id.</summary>
public interface IJobStore
{
    /// <summary>Inserts or replaces the job (by id) with its current state.</summary>
    Task SaveAsync(Job job, CancellationToken cancellationToken);

    Task<Job?> GetAsync(JobId id, CancellationToken cancellationToken);

    /// <summary>The job whose message (see <see cref="Job.MessageId"/>) has this id, or null.</summary>
    Task<Job?> FindByMessageIdAsync(ulong messageId, CancellationToken cancellationToken);

    /// <summary>A user's jobs, newest first; in one guild when <paramref name="guildId"/> is given; <paramref name="statuses"/> empty means all.</summary>
    Task<IReadOnlyList<Job>> ListByRequesterAsync(ulong requesterId, ulong? guildId, int count, IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken);

    /// <summary>All jobs in one of the statuses, oldest first (creation order).</summary>
    Task<IReadOnlyList<Job>> ListByStatusAsync(IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken);
}
