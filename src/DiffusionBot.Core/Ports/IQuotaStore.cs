using DiffusionBot.Core.Quotas;

namespace DiffusionBot.Core.Ports;

/// <summary>
/// Quota accounts. The store guarantees that <see cref="UpdateAsync{TResult}"/> is an atomic read-modify-write per store
/// (no other update of the same account interleaves), so the core's check-and-charge can never overspend.
/// </summary>
public interface IQuotaStore
{
    /// <summary>The account, or null when the user never had one.</summary>
    Task<QuotaAccount?> GetAsync(ulong userId, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically reads the account (a fresh <see cref="QuotaAccount.Empty"/> when missing), applies <paramref name="update"/>
    /// and saves what it returns. <paramref name="update"/> is pure and may be called once only.
    /// </summary>
    Task<TResult> UpdateAsync<TResult>(ulong userId, Func<QuotaAccount, QuotaUpdate<TResult>> update, CancellationToken cancellationToken);

    /// <summary>Guild-wide default allowance set by moderators; null means the configured one.</summary>
    Task<int?> GetDefaultAllowanceAsync(CancellationToken cancellationToken);

    Task SetDefaultAllowanceAsync(int? allowance, CancellationToken cancellationToken);
}
