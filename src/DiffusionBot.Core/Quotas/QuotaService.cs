using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Quotas;

/// <summary>
/// Costs, check-and-charge with the job's save and refund-once with its end (one <see cref="IJobQuotaTransaction"/> each),
/// and moderator overrides over <see cref="IQuotaStore"/>.
/// </summary>
public sealed class QuotaService(IQuotaStore store, IJobQuotaTransaction transaction, IOptions<QuotaOptions> options, TimeProvider time)
{
    private QuotaOptions Options => options.Value;

    /// <summary>What a job costs: image-to-image from an upload is charged like /imagine, per image.</summary>
    public int CostOf(JobKind kind, JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CostOf(kind == JobKind.Variation && parameters.IsFromUpload ? JobKind.Imagine : kind, parameters.Count);
    }

    public int CostOf(JobKind kind, int imageCount) => kind switch
    {
        JobKind.Imagine => Options.ImagineCostPerImage * imageCount,
        JobKind.Reroll => Options.RerollCostPerImage * imageCount,
        JobKind.Upscale => Options.UpscaleCost,
        JobKind.Variation => Options.VariationCostPerImage * imageCount,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown job kind."),
    };

    public QuotaWindow CurrentWindow() => QuotaWindow.Containing(time.GetUtcNow(), Options.Window);

    public async Task<int> GetDefaultAllowanceAsync(CancellationToken cancellationToken) =>
        await store.GetDefaultAllowanceAsync(cancellationToken) ?? Options.DefaultAllowance;

    public async Task<QuotaStatus> GetStatusAsync(ulong userId, CancellationToken cancellationToken)
    {
        var defaultAllowance = await GetDefaultAllowanceAsync(cancellationToken);
        var account = await store.GetAsync(userId, cancellationToken) ?? QuotaAccount.Empty;
        return QuotaLedger.Status(account, CurrentWindow(), defaultAllowance);
    }

    /// <summary>
    /// Checks and charges <paramref name="job"/>'s cost and saves the job, in one transaction: the job is stored if and only
    /// if it was charged. When this throws, neither happened.
    /// </summary>
    public async Task<QuotaChargeResult> TryChargeAndSaveAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var defaultAllowance = await GetDefaultAllowanceAsync(cancellationToken);
        var window = CurrentWindow();
        return await transaction.UpdateAsync(job, account => QuotaLedger.Charge(account, job.Id, job.Cost, window, defaultAllowance), r => r.Charged, cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="job"/> in its current (ended) state and gives its charge back, in one transaction. True only the
    /// first time the charge is given back; the job is saved either way. When this throws, neither happened.
    /// </summary>
    public Task<bool> RefundAndSaveAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var window = CurrentWindow();
        return transaction.UpdateAsync(job, account => QuotaLedger.Refund(account, job.Id, window), _ => true, cancellationToken);
    }

    public Task<QuotaStatus> SetAllowanceAsync(ulong userId, int? allowance, CancellationToken cancellationToken) =>
        ChangeAsync(userId, (a, w) => QuotaLedger.SetAllowance(a, w, allowance), cancellationToken);

    public Task<QuotaStatus> GrantAsync(ulong userId, int extra, CancellationToken cancellationToken) =>
        ChangeAsync(userId, (a, w) => QuotaLedger.Grant(a, w, extra), cancellationToken);

    public Task<QuotaStatus> ResetUsageAsync(ulong userId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, QuotaLedger.ResetUsage, cancellationToken);

    public Task SetDefaultAllowanceAsync(int? allowance, CancellationToken cancellationToken) =>
        store.SetDefaultAllowanceAsync(allowance, cancellationToken);

    private async Task<QuotaStatus> ChangeAsync(ulong userId, Func<QuotaAccount, QuotaWindow, QuotaAccount> change, CancellationToken cancellationToken)
    {
        var defaultAllowance = await GetDefaultAllowanceAsync(cancellationToken);
        var window = CurrentWindow();
        return await store.UpdateAsync(
            userId,
            account =>
            {
                var changed = change(account, window);
                return new QuotaUpdate<QuotaStatus>(changed, QuotaLedger.Status(changed, window, defaultAllowance));
            },
            cancellationToken);
    }
}
