using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Storage.Database;
using DiffusionBot.Storage.Quotas;

namespace DiffusionBot.Storage.Jobs;

/// <summary>
/// The quota account and the job written in one LiteDB transaction, under the database's write gate (the gate keeps the
/// read-modify-write of the account atomic and keeps the transaction on one thread, as LiteDB's are per thread).
/// </summary>
public sealed class LiteJobQuotaTransaction(BotDatabase database) : IJobQuotaTransaction
{
    public Task<TResult> UpdateAsync<TResult>(Job job, Func<QuotaAccount, QuotaUpdate<TResult>> update, Func<TResult, bool> saveJob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(saveJob);
        cancellationToken.ThrowIfCancellationRequested();
        var db = database.Database;
        lock (database.WriteGate)
        {
            if (!db.BeginTrans()) throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            try
            {
                var accounts = database.Collection(QuotaDocuments.Collection);
                var document = accounts.FindById(Bson.Id(job.RequesterId));
                var result = update(document is null ? QuotaAccount.Empty : QuotaDocuments.ToAccount(document));
                accounts.Upsert(QuotaDocuments.ToDocument(job.RequesterId, result.Account));
                if (saveJob(result.Result)) database.Collection(JobDocuments.Collection).Upsert(JobDocuments.ToDocument(job));
                db.Commit();
                return Task.FromResult(result.Result);
            }
            catch
            {
                db.Rollback();
                throw;
            }
        }
    }
}
