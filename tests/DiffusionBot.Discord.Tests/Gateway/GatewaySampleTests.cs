using System.Text;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Models;
using Xunit;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>Typed events from recorded gateway payloads (ids and tokens scrubbed) in Gateway/Samples.</summary>
public sealed class GatewaySampleTests
{
    [Fact]
    public void Parse_ReadySample_YieldsSessionApplicationUserAndGuilds()
    {
        var frame = Load("ready.json");

        var ready = Assert.IsType<ReadyEvent>(frame.Event);
        Assert.Equal(1, frame.Sequence);
        Assert.Equal("00000000000000000000000000000000", ready.SessionId);
        Assert.Equal("wss://gateway-us-east1-b.discord.gg", ready.ResumeGatewayUrl);
        Assert.Equal(100000000000000002UL, ready.ApplicationId);
        Assert.Equal(100000000000000001UL, ready.User.Id);
        Assert.Equal("DiffusionBot", ready.User.Username);
        Assert.True(ready.User.Bot);
        Assert.Equal(10, ready.GatewayVersion);
        Assert.Equal([200000000000000001UL, 200000000000000002UL], ready.GuildIds);
    }

    [Fact]
    public void Parse_GuildCreateSample_YieldsGuildAndRoles()
    {
        var guild = Assert.IsType<GuildCreateEvent>(Load("guild_create.json").Event);

        Assert.Equal(200000000000000001UL, guild.GuildId);
        Assert.Equal("Diffusion Lab", guild.Name);
        Assert.False(guild.Unavailable);
        Assert.Equal(["@everyone", "Artists"], guild.Roles.Select(r => r.Name));
        Assert.Equal(400000000000000001UL, guild.Roles[1].Id);
        Assert.Equal("1071698660929", guild.Roles[1].Permissions);
    }

    [Fact]
    public void Parse_MessageReactionAddSample_YieldsIdsAndUnicodeEmoji()
    {
        var reaction = Assert.IsType<MessageReactionAddEvent>(Load("message_reaction_add.json").Event);

        Assert.Equal(300000000000000002UL, reaction.UserId);
        Assert.Equal(500000000000000001UL, reaction.ChannelId);
        Assert.Equal(600000000000000001UL, reaction.MessageId);
        Assert.Equal(200000000000000001UL, reaction.GuildId);
        Assert.Equal(100000000000000001UL, reaction.MessageAuthorId);
        Assert.Null(reaction.Emoji.Id);
        Assert.Equal("🔁", reaction.Emoji.Name);
        Assert.Empty(reaction.MemberRoleIds!);
    }

    [Fact]
    public void Parse_ReactionWithMemberRoles_YieldsRoleIds()
    {
        using var document = System.Text.Json.JsonDocument.Parse(
            """{"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","emoji":{"id":null,"name":"❌"},"member":{"roles":["700000000000000001","700000000000000002"]}}""");

        var reaction = Assert.IsType<MessageReactionAddEvent>(GatewayDispatchParser.Parse("MESSAGE_REACTION_ADD", document.RootElement));

        Assert.Equal([700000000000000001UL, 700000000000000002UL], reaction.MemberRoleIds!);
    }

    [Fact]
    public void Parse_SlashCommandSample_YieldsApplicationCommandInteraction()
    {
        var interaction = Assert.IsType<InteractionCreateEvent>(Load("interaction_create_command.json").Event).Interaction;

        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal(700000000000000001UL, interaction.Id);
        Assert.Equal(100000000000000002UL, interaction.ApplicationId);
        Assert.Equal(200000000000000001UL, interaction.GuildId);
        Assert.Equal("imagine", interaction.Data!.Name);
        Assert.Equal("a lighthouse at dusk, oil painting", interaction.Data.Options!.Single(o => o.Name == "prompt").GetString());
        Assert.Equal(42, interaction.Data.Options!.Single(o => o.Name == "seed").GetInt64());
        Assert.Equal(300000000000000002UL, interaction.InvokingUser!.Id);
        Assert.Equal("SCRUBBED_INTERACTION_TOKEN", interaction.Token);
    }

    [Fact]
    public void Parse_AutocompleteSample_YieldsType4WithTheFocusedOption()
    {
        var interaction = Assert.IsType<InteractionCreateEvent>(Load("interaction_create_autocomplete.json").Event).Interaction;

        Assert.Equal(InteractionType.ApplicationCommandAutocomplete, interaction.Type);
        Assert.Equal(700000000000000009UL, interaction.Id);
        Assert.Equal(("model", "sd"), (interaction.Data!.GetFocusedOption()!.Name, interaction.Data.GetFocusedOption()!.GetTypedText()));
    }

    [Fact]
    public void Parse_ButtonSample_YieldsComponentInteractionWithCustomId()
    {
        var interaction = Assert.IsType<InteractionCreateEvent>(Load("interaction_create_button.json").Event).Interaction;

        Assert.Equal(InteractionType.MessageComponent, interaction.Type);
        Assert.Equal("reroll:900000000000000001", interaction.Data!.CustomId);
        Assert.Equal(ComponentType.Button, interaction.Data.ComponentType);
        Assert.Equal(600000000000000002UL, interaction.Message!.Id);
    }

    [Fact]
    public void Parse_ModalSubmitSample_YieldsTextInputValue()
    {
        var interaction = Assert.IsType<InteractionCreateEvent>(Load("interaction_create_modal.json").Event).Interaction;

        Assert.Equal(InteractionType.ModalSubmit, interaction.Type);
        Assert.Equal("variations:900000000000000001", interaction.Data!.CustomId);
        Assert.Equal("the same lighthouse, in winter", interaction.Data.GetTextInputValue("prompt"));
        Assert.Null(interaction.GuildId);
        Assert.Equal(300000000000000002UL, interaction.InvokingUser!.Id); // DM: user, not member
    }

    [Fact]
    public void InteractionCreateEvent_ToString_LeavesOutTheInteractionToken()
    {
        var e = Assert.IsType<InteractionCreateEvent>(Load("interaction_create_command.json").Event);

        Assert.DoesNotContain("SCRUBBED_INTERACTION_TOKEN", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"op":0,"s":9,"t":"INTERACTION_CREATE","d":{"type":2}}""")]
    [InlineData("""{"op":0,"s":9,"t":"MESSAGE_REACTION_ADD","d":{"user_id":"1","channel_id":"2"}}""")]
    [InlineData("""{"op":0,"s":9,"t":"READY","d":{"v":10}}""")]
    [InlineData("""{"op":0,"s":9,"t":"INTERACTION_CREATE","d":{"id":"1","type":2,"token":null}}""")]
    public void Parse_DispatchMissingRequiredFields_ReportsProblemButKeepsSequence(string json)
    {
        var frame = InboundFrame.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Null(frame.Event);
        Assert.NotNull(frame.EventProblem);
        Assert.Equal(9, frame.Sequence);
    }

    private static InboundFrame Load(string name)
    {
        var frame = InboundFrame.Parse(File.ReadAllBytes(Path.Combine(SamplesDirectory(), name)));
        Assert.Equal(0, frame.Op);
        Assert.Null(frame.EventProblem);
        return frame;
    }

    private static string SamplesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DiffusionBot.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "tests", "DiffusionBot.Discord.Tests", "Gateway", "Samples");
    }
}
