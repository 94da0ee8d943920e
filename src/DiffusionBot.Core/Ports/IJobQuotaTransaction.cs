using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Quotas;

namespace DiffusionBot.Core.Ports;

/// <summary>
/// A change of the requester's quota account and the job's saved state as one transaction: both are stored or neither.
/// Charging a new job goes through here with saving it Queued (its entry in the durable queue), so a storage failure
/// cannot keep a charge without a job; so does the refund that ends a job (failed, cancelled), so an ended job cannot
/// keep its charge and a refunded job cannot stay Queued.
/// </summary>
public interface IJobQuotaTransaction
{
    /// <summary>
    /// Atomically reads the account of <paramref name="job"/>'s requester (<see cref="QuotaAccount.Empty"/> when missing),
    /// applies <paramref name="update"/>, saves the account it returns and, when <paramref name="saveJob"/> says so for the
    /// result, the job with its current state. <paramref name="update"/> is pure and may be called once only. When this
    /// throws, nothing of it was stored.
    /// </summary>
    Task<TResult> UpdateAsync<TResult>(Job job, Func<QuotaAccount, QuotaUpdate<TResult>> update, Func<TResult, bool> saveJob, CancellationToken cancellationToken);
}
