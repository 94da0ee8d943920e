using DiffusionBot.Bot;
using DiffusionBot.Core.Text;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Tests.Bot;

public sealed class MessageFitTests
{
    [Fact]
    public void Fit_EditWithOverlongContent_CutToContentLimit()
    {
        var edit = MessageFit.Fit(new MessageEdit { Content = new string('x', 2700) });

        Assert.Equal(MessageLimits.Content, edit.Content!.Length);
        Assert.EndsWith(TextFit.Ellipsis, edit.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_InteractionResponseAndFollowup_ContentCut()
    {
        var response = MessageFit.Fit(InteractionResponse.Message(new string('r', 5000), ephemeral: true));
        var followup = MessageFit.Fit(new MessageCreate { Content = new string('f', 2001) });

        Assert.Equal(MessageLimits.Content, response.Data!.Content!.Length);
        Assert.Equal(MessageFlags.Ephemeral, response.Data.Flags);
        Assert.Equal(MessageLimits.Content, followup.Content!.Length);
    }

    [Fact]
    public void Fit_ShortMessage_Unchanged()
    {
        var edit = new MessageEdit { Content = "fine", Embeds = [new Embed { Title = "t", Description = "d", Fields = [new EmbedField { Name = "n", Value = "v" }] }] };

        var fitted = MessageFit.Fit(edit);

        Assert.Equal("fine", fitted.Content);
        Assert.Equal(edit.Embeds[0] with { Fields = null }, fitted.Embeds![0] with { Fields = null });
        Assert.Equal(edit.Embeds[0].Fields, fitted.Embeds[0].Fields);
    }

    [Fact]
    public void Fit_EmbedOverEveryLimit_EachPartAndTotalWithinLimits()
    {
        var embed = new Embed
        {
            Title = new string('t', 300),
            Description = new string('d', 5000),
            Footer = new EmbedFooter { Text = new string('o', 3000) },
            Fields = [.. Enumerable.Range(0, 30).Select(i => new EmbedField { Name = new string('n', 300), Value = new string('v', 2000) })],
        };

        var fitted = MessageFit.Fit(new MessageCreate { Embeds = [embed] }).Embeds![0];

        Assert.Equal(MessageLimits.EmbedTitle, fitted.Title!.Length);
        Assert.True(fitted.Description!.Length <= MessageLimits.EmbedDescription);
        Assert.True(fitted.Footer!.Text.Length <= MessageLimits.EmbedFooter);
        Assert.True(fitted.Fields!.Count <= MessageLimits.EmbedFields);
        Assert.All(fitted.Fields, f => Assert.True(f.Name.Length <= MessageLimits.EmbedFieldName && f.Value.Length <= MessageLimits.EmbedFieldValue));
        Assert.InRange(MessageFit.Length(fitted), 1, MessageLimits.EmbedTotal);
    }
}
