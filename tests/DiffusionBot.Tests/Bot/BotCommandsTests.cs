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
        var commands = BotCommands.Build(new LimitsOptions(), new TestModelCatalog());

        Assert.Equal(["imagine", "quota", "history", "queue", "settings", "banned", "help", "stats", "models", "loras", "embeddings", "tokens", "upscale"], commands.Select(c => c.Name));
        Assert.Equal(BotCommands.Names.Order(StringComparer.Ordinal), commands.Select(c => c.Name).Order(StringComparer.Ordinal));
        var imagine = commands[0];
        Assert.Equal(ImagineOptionNames.All, imagine.Options!.Select(o => o.Name));
        Assert.All(imagine.Options!, o => Assert.NotEqual(true, o.Required));
        Assert.Equal(6000, imagine.Options!.Single(o => o.Name == "parameters").MaxLength);
        Assert.Equal(["512x512", "512x768", "768x512", "768x768", "256x256"], imagine.Options!.Single(o => o.Name == "size").Choices!.Select(c => c.Value.GetString()));
        Assert.Equal(50, imagine.Options!.Single(o => o.Name == "steps").MaxValue);
        Assert.Equal(ApplicationCommandOptionType.Attachment, imagine.Options!.Single(o => o.Name == "image").Type);
        var strength = imagine.Options!.Single(o => o.Name == "strength");
        Assert.Equal((ApplicationCommandOptionType.Number, 0.05, 1.0), (strength.Type, strength.MinValue, strength.MaxValue));
        var upscale = Assert.Single(commands, c => c.Name == "upscale").Options!.Single();
        Assert.Equal((ApplicationCommandOptionType.Attachment, "image", true), (upscale.Type, upscale.Name, upscale.Required));
        Assert.All(commands, c => Assert.Matches("^[a-z]{1,32}$", c.Name));
    }

    [Fact]
    public void Build_ModelOptions_AutocompleteWithNoFixedChoices()
    {
        var many = Enumerable.Range(0, 40).Select(i => TestModelCatalog.Sd15 with { Name = $"m{i}" }).ToArray();
        var commands = BotCommands.Build(new LimitsOptions(), new TestModelCatalog(many));

        var imagine = commands.Single(c => c.Name == BotCommands.Imagine).Options!.Single(o => o.Name == ImagineOptionNames.Model);
        var settings = commands.Single(c => c.Name == BotCommands.Settings).Options!.Single(o => o.Name == ImagineOptionNames.Model);

        Assert.All([imagine, settings], o => Assert.Equal((true, (object?)null, 100), (o.Autocomplete == true, (object?)o.Choices, o.MaxLength ?? 0)));
    }

    [Fact]
    public void Build_Listings_EveryoneMayUseThemAndTheyTakeNoOptions()
    {
        var commands = BotCommands.Build(new LimitsOptions(), new TestModelCatalog());

        foreach (var name in new[] { BotCommands.Models, BotCommands.Loras, BotCommands.Embeddings })
        {
            var command = commands.Single(c => c.Name == name);
            Assert.Equal(((string?)null, (object?)null), (command.DefaultMemberPermissions, (object?)command.Options));
            Assert.InRange(command.Description.Length, 1, 100);
        }
    }

    [Fact]
    public void Build_Stats_ModeratorOnlyWithBoundedDays()
    {
        var stats = BotCommands.Build(new LimitsOptions(), new TestModelCatalog()).Single(c => c.Name == BotCommands.Stats);

        Assert.Equal("32", stats.DefaultMemberPermissions);
        var days = Assert.Single(stats.Options!);
        Assert.Equal(("days", (double?)1, (double?)30), (days.Name, days.MinValue, days.MaxValue));
    }
}
