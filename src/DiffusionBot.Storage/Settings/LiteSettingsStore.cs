using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Settings;

/// <summary>Per-user /imagine defaults in "settings". Records saved before the default model existed have no "model"
/// key and read as no default model.</summary>
public sealed class LiteSettingsStore(BotDatabase database) : ISettingsStore
{
    private readonly ILiteCollection<BsonDocument> _settings = database.Collection("settings");

    public Task<UserSettings> GetAsync(ulong userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var d = _settings.FindById(Bson.Id(userId));
        return Task.FromResult(d is null
            ? UserSettings.None
            : new UserSettings(Bson.ToNullableString(d["negative"]), Bson.ToNullableString(d["size"]), Bson.ToNullableString(d["scheduler"]),
                d.TryGetValue("model", out var model) ? Bson.ToNullableString(model) : null));
    }

    public Task SaveAsync(ulong userId, UserSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        _settings.Upsert(new BsonDocument
        {
            ["_id"] = Bson.Id(userId),
            ["negative"] = Bson.Nullable(settings.NegativePrompt),
            ["size"] = Bson.Nullable(settings.Size),
            ["scheduler"] = Bson.Nullable(settings.Scheduler),
            ["model"] = Bson.Nullable(settings.Model),
        });
        return Task.CompletedTask;
    }
}
