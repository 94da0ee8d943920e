using System.Text.Json;
using DiffusionBot.Discord.Json;
using DiffusionBot.Discord.Models;
using Xunit;

namespace DiffusionBot.Discord.Tests.Models;

public sealed class InteractionDataTests
{
    private static Interaction Load(string sample) =>
        JsonSerializer.Deserialize(SampleFiles.Read(sample), DiscordJsonContext.Default.Interaction)!;

    [Fact]
    public void SlashCommand_SubcommandOptions_ExposeTypedValues()
    {
        var interaction = Load("interaction.application-command.json");
        var data = interaction.Data!;
        var options = data.GetLeafOptions().ToDictionary(o => o.Name);

        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal("imagine", data.Name);
        Assert.Equal("advanced", data.GetSubcommandPath());
        Assert.Equal("a red fox in the snow", options["prompt"].GetString());
        Assert.Equal(25, options["steps"].GetInt64());
        Assert.Equal(7.5, options["guidance"].GetDouble());
        Assert.True(options["private"].GetBoolean());
        Assert.Equal(100000000000000004UL, options["for"].GetSnowflake());
        Assert.Equal("friend", data.Resolved!.Users![100000000000000004].Username);
        Assert.Equal("2248473465835073", data.Resolved.Members![100000000000000004].Permissions);
        Assert.Equal("artist", interaction.InvokingUser!.Username);
        Assert.Equal("2147483647", interaction.Member!.Permissions);
        Assert.Equal([100000000000000005UL, 100000000000000009UL], interaction.Member.Roles);
        Assert.Equal("en-US", interaction.Locale);
    }

    [Fact]
    public void GetInt64_OnStringOption_ThrowsClearError()
    {
        var option = Load("interaction.application-command.json").Data!.GetLeafOptions()[0];

        var error = Assert.Throws<InvalidOperationException>(() => option.GetInt64());

        Assert.Equal("Option 'prompt' (type String) does not hold an integer; its value is String.", error.Message);
    }

    [Fact]
    public void ButtonClick_ComponentData_HasCustomIdAndMessage()
    {
        var interaction = Load("interaction.message-component.json");

        Assert.Equal(InteractionType.MessageComponent, interaction.Type);
        Assert.Equal("reroll:100000000000000020", interaction.Data!.CustomId);
        Assert.Equal(ComponentType.Button, interaction.Data.ComponentType);
        Assert.Equal(100000000000000020UL, interaction.Message!.Id);
        Assert.Equal(512, interaction.Message.Attachments![0].Width);
    }

    [Fact]
    public void ModalSubmit_TextInputs_AreFoundByCustomId()
    {
        var interaction = Load("interaction.modal-submit.json");

        Assert.Equal(InteractionType.ModalSubmit, interaction.Type);
        Assert.Equal("a blue fox in the snow", interaction.Data!.GetTextInputValue("prompt"));
        Assert.Equal("", interaction.Data.GetTextInputValue("negative"));
        Assert.Null(interaction.Data.GetTextInputValue("missing"));
        Assert.Equal("artist", interaction.InvokingUser!.Username);
        Assert.Null(interaction.Member);
    }

    private const string AttachmentCommand = """
        {
          "id": "100000000000000030", "application_id": "100000000000000001", "type": 2, "token": "t", "version": 1,
          "data": {
            "id": "100000000000000031", "name": "upscale", "type": 1,
            "options": [ { "name": "image", "type": 11, "value": "100000000000000040" } ],
            "resolved": {
              "attachments": {
                "100000000000000040": {
                  "id": "100000000000000040", "filename": "fox.png", "content_type": "image/png", "size": 12345,
                  "url": "https://cdn.discordapp.com/ephemeral-attachments/1/2/fox.png?ex=1&is=2&hm=3",
                  "proxy_url": "https://media.discordapp.net/ephemeral-attachments/1/2/fox.png?ex=1&is=2&hm=3",
                  "width": 97, "height": 75, "ephemeral": true
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void GetAttachment_AttachmentOption_ResolvesTypedAttachment()
    {
        var data = JsonSerializer.Deserialize(AttachmentCommand, DiscordJsonContext.Default.Interaction)!.Data!;

        var attachment = data.GetAttachment("image");

        Assert.Equal(ApplicationCommandOptionType.Attachment, data.GetLeafOptions()[0].Type);
        Assert.NotNull(attachment);
        Assert.Equal(100000000000000040UL, attachment.Id);
        Assert.Equal("fox.png", attachment.Filename);
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal(12345, attachment.Size);
        Assert.StartsWith("https://cdn.discordapp.com/", attachment.Url, StringComparison.Ordinal);
        Assert.StartsWith("https://media.discordapp.net/", attachment.ProxyUrl, StringComparison.Ordinal);
        Assert.Equal((97, 75), (attachment.Width, attachment.Height));
        Assert.Null(data.GetAttachment("other"));
    }

    [Fact]
    public void GetAttachment_IdNotResolved_ReturnsNull()
    {
        var json = AttachmentCommand.Replace("\"100000000000000040\": {", "\"100000000000000041\": {", StringComparison.Ordinal);
        var data = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!.Data!;

        Assert.Null(data.GetAttachment("image"));
    }
}
