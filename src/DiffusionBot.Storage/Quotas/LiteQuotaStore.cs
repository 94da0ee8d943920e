using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Quotas;

/// <summary>Quota accounts in "quotas"; every update is a read-modify-write under the database's write gate, so it is atomic.</summary>
public sealed class LiteQuotaStore : IQuotaStore
{
    private const string DefaultKey = "defaultAllowance";
    private readonly BotDatabase _database;
    private readonly ILiteCollection<BsonDocument> _accounts;
    private readonly ILiteCollection<BsonDocument> _settings;

    public LiteQuotaStore(BotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _accounts = database.Collection(QuotaDocuments.Collection);
        _settings = database.Collection("quotaSettings");
    }

    internal BotDatabase Database => _database;

    public Task<QuotaAccount?> GetAsync(ulong userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = _accounts.FindById(Bson.Id(userId));
        return Task.FromResult(document is null ? null : QuotaDocuments.ToAccount(document));
    }

    public Task<TResult> UpdateAsync<TResult>(ulong userId, Func<QuotaAccount, QuotaUpdate<TResult>> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_database.WriteGate)
        {
            var document = _accounts.FindById(Bson.Id(userId));
            var result = update(document is null ? QuotaAccount.Empty : QuotaDocuments.ToAccount(document));
            _accounts.Upsert(QuotaDocuments.ToDocument(userId, result.Account));
            return Task.FromResult(result.Result);
        }
    }

    public Task<int?> GetDefaultAllowanceAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = _settings.FindById(DefaultKey);
        return Task.FromResult(document is null ? null : Bson.ToNullableInt(document["value"]));
    }

    public Task SetDefaultAllowanceAsync(int? allowance, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_database.WriteGate)
        {
            _settings.Upsert(new BsonDocument { ["_id"] = DefaultKey, ["value"] = Bson.Nullable(allowance) });
        }
        return Task.CompletedTask;
    }
}
