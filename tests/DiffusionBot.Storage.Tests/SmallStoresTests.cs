using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Storage.Moderation;
using DiffusionBot.Storage.Settings;

namespace DiffusionBot.Storage.Tests;

public sealed class SmallStoresTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Settings_SaveThenReopen_GivesBackAndDefaultsToNone()
    {
        using var storage = new TempStorage();
        await new LiteSettingsStore(storage.Database).SaveAsync(1, new UserSettings("ugly", "768x768", null), None);
        var store = new LiteSettingsStore(storage.Reopen());
        Assert.Equal(new UserSettings("ugly", "768x768", null), await store.GetAsync(1, None));
        Assert.Equal(UserSettings.None, await store.GetAsync(2, None));
    }

    [Fact]
    public async Task Settings_DefaultModel_SavedAndReadBack()
    {
        using var storage = new TempStorage();
        await new LiteSettingsStore(storage.Database).SaveAsync(1, new UserSettings(null, null, "ddim", "sdxl"), None);

        Assert.Equal(new UserSettings(null, null, "ddim", "sdxl"), await new LiteSettingsStore(storage.Reopen()).GetAsync(1, None));
    }

    [Fact]
    public async Task Settings_RecordStoredBeforeDefaultModels_ReadsWithNoModel()
    {
        using var storage = new TempStorage();
        storage.Database.Collection("settings").Upsert(new LiteDB.BsonDocument
        {
            ["_id"] = 7L,
            ["negative"] = "ugly",
            ["size"] = "768x768",
            ["scheduler"] = LiteDB.BsonValue.Null,
        });

        Assert.Equal(new UserSettings("ugly", "768x768", null), await new LiteSettingsStore(storage.Reopen()).GetAsync(7, None));
    }

    [Fact]
    public async Task AuditLog_Append_ListsNewestFirstAfterRestart()
    {
        using var storage = new TempStorage();
        var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var log = new LiteAuditLog(storage.Database);
        for (var i = 0; i < 5; i++)
            await log.AppendAsync(new AuditEntry(at.AddMinutes(i), 1, 2, AuditActions.QuotaGrant, (ulong)i, $"extra {i}"), None);
        var recent = await new LiteAuditLog(storage.Reopen()).ListRecentAsync(3, None);
        Assert.Equal(["extra 4", "extra 3", "extra 2"], recent.Select(e => e.Details));
        Assert.Equal(new AuditEntry(at.AddMinutes(4), 1, 2, AuditActions.QuotaGrant, 4, "extra 4"), recent[0]);
    }

    [Fact]
    public async Task BannedWords_AddRemove_NormalisedAndPersisted()
    {
        using var storage = new TempStorage();
        var store = new LiteBannedWordStore(storage.Database);
        Assert.True(await store.AddAsync(" Goblin ", None));
        Assert.False(await store.AddAsync("goblin", None));
        Assert.True(await store.AddAsync("orc", None));
        Assert.True(await store.RemoveAsync("ORC", None));
        Assert.False(await store.RemoveAsync("orc", None));
        Assert.Equal(["goblin"], await new LiteBannedWordStore(storage.Reopen()).ListAsync(None));
    }
}
