using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class ModerationTests
{
    [Theory]
    [InlineData("a FORBIDDEN thing", true)]
    [InlineData("forbidden", true)]
    [InlineData("(forbidden)!", true)]
    [InlineData("unforbiddenly", false)]
    [InlineData("forbiddenness", false)]
    [InlineData("for bidden", false)]
    public void ContainsAny_WordBoundaryIgnoringCase(string text, bool expected)
    {
        Assert.Equal(expected, BannedWordMatcher.ContainsAny(text, ["forbidden"]));
    }

    [Fact]
    public void ContainsAny_Phrase_MatchesWholePhraseOnly()
    {
        Assert.True(BannedWordMatcher.ContainsAny("a Bad Word here", ["bad word"]));
        Assert.False(BannedWordMatcher.ContainsAny("a bad wordsmith", ["bad word"]));
        Assert.False(BannedWordMatcher.ContainsAny("anything", ["", "  "]));
    }

    [Theory]
    [InlineData("32", true)]
    [InlineData("8", true)]
    [InlineData("1099511627776", false)]
    [InlineData("1099511627808", true)]
    [InlineData("0", false)]
    [InlineData("not-a-number", false)]
    [InlineData(null, false)]
    public void IsModerator_PermissionString_ChecksManageGuildBit(string? permissions, bool expected)
    {
        using var h = new CoreHarness();
        Assert.Equal(expected, h.Get<ModeratorPolicy>().IsModerator(Member.Create(1, CoreHarness.Guild, permissions, null)));
    }

    [Fact]
    public void IsModerator_ConfiguredRole_OrNotInGuild()
    {
        using var h = new CoreHarness();
        var policy = h.Get<ModeratorPolicy>();
        Assert.True(policy.IsModerator(CoreHarness.ModeratorByRole(1)));
        Assert.False(policy.IsModerator(new Member(1, CoreHarness.Guild, 0, [123])));
        Assert.False(policy.IsModerator(new Member(1, null, Member.ManageGuild, [])));
    }

    [Fact]
    public void IsInteractionTokenValid_BeforeAndAfterLifetimeMinusMargin()
    {
        using var h = new CoreHarness();
        var policy = h.Get<InteractionTokenPolicy>();
        var created = h.Time.GetUtcNow();
        var job = new Job(new JobId(1), JobKind.Imagine, new JobOrigin(1, 2, 3, new InteractionRef(4, "t", created)), JobTests.Parameters(), 1, created);
        Assert.True(policy.IsInteractionTokenValid(job, created.AddMinutes(13.9)));
        Assert.False(policy.IsInteractionTokenValid(job, created.AddMinutes(14)));
        Assert.False(policy.IsInteractionTokenValid(job, created.AddMinutes(20)));
        var noToken = new Job(new JobId(2), JobKind.Imagine, new JobOrigin(1, 2, 3, null), JobTests.Parameters(), 1, created);
        Assert.False(policy.IsInteractionTokenValid(noToken, created));
    }

    [Fact]
    public async Task ModeratorCommands_NonModerator_RefusedAndNotAudited()
    {
        using var h = new CoreHarness();
        var commands = h.Get<ModeratorCommands>();
        var result = await commands.SetQuotaAsync(CoreHarness.User(5), 6, 100, CancellationToken.None);
        Assert.False(result.Success);
        Assert.Equal(ModeratorPolicy.NotModeratorMessage, result.Message);
        Assert.False((await commands.AddBannedWordAsync(CoreHarness.User(5), "x", CancellationToken.None)).Success);
        Assert.Empty(h.Audit.Entries);
    }

    [Fact]
    public async Task ModeratorCommands_QuotaActions_ApplyAndAudit()
    {
        using var h = new CoreHarness();
        var commands = h.Get<ModeratorCommands>();
        var mod = CoreHarness.ModeratorByPermission(1);
        Assert.True((await commands.SetQuotaAsync(mod, 6, 30, CancellationToken.None)).Success);
        var grant = await commands.GrantQuotaAsync(mod, 6, 5, CancellationToken.None);
        Assert.Contains("35 of 35", grant.Message);
        Assert.True((await commands.ResetQuotaAsync(mod, 6, CancellationToken.None)).Success);
        Assert.Contains("default quota is now 4", (await commands.SetDefaultQuotaAsync(mod, 4, CancellationToken.None)).Message);
        Assert.False((await commands.GrantQuotaAsync(mod, 6, -1, CancellationToken.None)).Success);
        Assert.Equal(
            [AuditActions.QuotaSet, AuditActions.QuotaGrant, AuditActions.QuotaReset, AuditActions.QuotaDefault],
            h.Audit.Entries.Select(e => e.Action));
        Assert.All(h.Audit.Entries, e => Assert.Equal(1UL, e.ModeratorId));
        Assert.Equal(6UL, h.Audit.Entries[0].TargetUserId);
    }

    [Fact]
    public async Task ModeratorCommands_BannedWords_AddListRemove()
    {
        using var h = new CoreHarness();
        var commands = h.Get<ModeratorCommands>();
        var mod = CoreHarness.ModeratorByRole(1);
        Assert.True((await commands.AddBannedWordAsync(mod, "  Goblin ", CancellationToken.None)).Success);
        Assert.Contains("already", (await commands.AddBannedWordAsync(mod, "goblin", CancellationToken.None)).Message);
        Assert.Equal("Banned words (2): forbidden, goblin", (await commands.ListBannedWordsAsync(mod, CancellationToken.None)).Message);
        var refused = await h.ImagineAsync(2, "a GOBLIN king");
        Assert.False(refused.Accepted);
        Assert.True((await commands.RemoveBannedWordAsync(mod, "goblin", CancellationToken.None)).Success);
        Assert.False((await commands.RemoveBannedWordAsync(mod, "forbidden", CancellationToken.None)).Success);
        Assert.True((await h.ImagineAsync(2, "a goblin king")).Accepted);
        Assert.Equal([AuditActions.BannedWordAdd, AuditActions.BannedWordRemove], h.Audit.Entries.Select(e => e.Action));
    }
}
