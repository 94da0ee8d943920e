using DiffusionBot.Bot.Commands;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Options;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Tests.Bot;

public sealed class BotCommandsTests
{
    [Fact]
    public void Build_Defaults_ImagineHasAllParserOptionsWithConfiguredChoices()
    {
        var commands = BotCommands.Build(new LimitsOptions());

        Assert.Equal(["imagine", "quota", "history", "queue", "settings", "banned", "help", "stats", "tokens", "upscale"], commands.Select(c => c.Name));
        Assert.Equal(BotCommands.Names.Order(StringComparer.Ordinal), commands.Select(c => c.Name).Order(StringComparer.Ordinal));
        var imagine = commands[0];
        Assert.Equal(ImagineOptionNames.All, imagine.Options!.Select(o => o.Name));
        Assert.All(imagine.Options!, o => Assert.NotEqual(true, o.Required));
        Assert.Equal(6000, imagine.Options!.Single(o => o.Name == "parameters").MaxLength);
        Assert.Equal(["512x512", "512x768", "768x512", "768x768"], imagine.Options!.Single(o => o.Name == "size").Choices!.Select(c => c.Value.GetString()));
        Assert.Equal(50, imagine.Options!.Single(o => o.Name == "steps").MaxValue);
        Assert.Equal(ApplicationCommandOptionType.Attachment, imagine.Options!.Single(o => o.Name == "image").Type);
        var strength = imagine.Options!.Single(o => o.Name == "strength");
        Assert.Equal((ApplicationCommandOptionType.Number, 0.05, 1.0), (strength.Type, strength.MinValue, strength.MaxValue));
        var upscale = Assert.Single(commands, c => c.Name == "upscale").Options!.Single();
        Assert.Equal((ApplicationCommandOptionType.Attachment, "image", true), (upscale.Type, upscale.Name, upscale.Required));
        Assert.All(commands, c => Assert.Matches("^[a-z]{1,32}$", c.Name));
    }

    [Fact]
    public void Build_Stats_ModeratorOnlyWithBoundedDays()
    {
        var stats = BotCommands.Build(new LimitsOptions()).Single(c => c.Name == BotCommands.Stats);

        Assert.Equal("32", stats.DefaultMemberPermissions);
        var days = Assert.Single(stats.Options!);
        Assert.Equal(("days", (double?)1, (double?)30), (days.Name, days.MinValue, days.MaxValue));
    }
}
