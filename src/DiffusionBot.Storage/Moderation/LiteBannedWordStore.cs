using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Moderation;

/// <summary>Moderator-managed banned words in "bannedWords", keyed by the lower-case word.</summary>
public sealed class LiteBannedWordStore(BotDatabase database) : IBannedWordStore
{
    private readonly ILiteCollection<BsonDocument> _words = database.Collection("bannedWords");

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> words = _words.FindAll().Select(d => d["_id"].AsString).Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(words);
    }

    public Task<bool> AddAsync(string word, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = BannedWords.Normalize(word);
        if (key.Length == 0) return Task.FromResult(false);
        lock (database.WriteGate)
        {
            if (_words.FindById(key) is not null) return Task.FromResult(false);
            _words.Insert(new BsonDocument { ["_id"] = key });
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveAsync(string word, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_words.Delete(BannedWords.Normalize(word)));
    }
}
