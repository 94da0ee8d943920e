using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Discord.Json;
using DiffusionBot.Discord.Models;
using Xunit;

namespace DiffusionBot.Discord.Tests.Models;

public sealed class AutocompleteTests
{
    private static Interaction Load(string sample) =>
        JsonSerializer.Deserialize(SampleFiles.Read(sample), DiscordJsonContext.Default.Interaction)!;

    [Fact]
    public void Deserialize_AutocompleteInteraction_IsType4WithTheFocusedOptionAndItsText()
    {
        var interaction = Load("interaction.autocomplete.json");

        var focused = interaction.Data!.GetFocusedOption();

        Assert.Equal(InteractionType.ApplicationCommandAutocomplete, interaction.Type);
        Assert.Equal("imagine", interaction.Data.Name);
        Assert.NotNull(focused);
        Assert.Equal("model", focused.Name);
        Assert.Equal("sd", focused.GetTypedText());
    }

    [Fact]
    public void GetFocusedOption_InsideASubcommand_FindsIt()
    {
        var data = JsonSerializer.Deserialize(
            """{"name":"settings","type":1,"options":[{"name":"set","type":1,"options":[{"name":"size","type":3,"value":"512"},{"name":"model","type":3,"value":"x","focused":true}]}]}""",
            DiscordJsonContext.Default.InteractionData)!;

        Assert.Equal("model", data.GetFocusedOption()?.Name);
    }

    [Fact]
    public void GetFocusedOption_NoneFocused_IsNull()
    {
        var data = Load("interaction.application-command.json").Data!;

        Assert.Null(data.GetFocusedOption());
    }

    [Fact]
    public void GetTypedText_NumberOrAbsentValue_GivesItsTextOrEmpty()
    {
        var number = new ApplicationCommandInteractionOption { Name = "steps", Type = ApplicationCommandOptionType.Integer, Value = JsonSerializer.SerializeToElement(12L, DiscordJsonContext.Default.Int64), Focused = true };
        var absent = new ApplicationCommandInteractionOption { Name = "model", Type = ApplicationCommandOptionType.String, Focused = true };

        Assert.Equal("12", number.GetTypedText());
        Assert.Equal("", absent.GetTypedText());
    }

    [Fact]
    public void Serialize_AutocompleteResult_IsType8WithChoicesAsRecorded()
    {
        var response = InteractionResponse.AutocompleteResult(
        [
            ApplicationCommandOptionChoice.Of("sd15 — SD 1.x · 512×512 · the classic", "sd15"),
            ApplicationCommandOptionChoice.Of("sdxl — SDXL · 1024×1024 · photoreal", "sdxl"),
        ]);

        var json = JsonNode.Parse(JsonSerializer.Serialize(response, DiscordJsonContext.Default.InteractionResponse));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SampleFiles.Read("interaction-response.autocomplete.json")), json), json!.ToJsonString());
    }

    [Fact]
    public void Serialize_EmptyAutocompleteResult_SendsAnEmptyChoiceList()
    {
        var json = JsonSerializer.Serialize(InteractionResponse.AutocompleteResult([]), DiscordJsonContext.Default.InteractionResponse);

        Assert.Equal("""{"type":8,"data":{"choices":[]}}""", json);
    }

    [Fact]
    public void AutocompleteResult_TwentySixChoices_IsRefused()
    {
        var choices = Enumerable.Range(0, 26).Select(i => ApplicationCommandOptionChoice.Of($"m{i}", $"m{i}")).ToArray();

        var error = Assert.Throws<ArgumentException>(() => InteractionResponse.AutocompleteResult(choices));

        Assert.Contains("at most 25", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void AutocompleteResult_NameOutside1To100_IsRefused(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => InteractionResponse.AutocompleteResult([ApplicationCommandOptionChoice.Of(new string('n', length), "v")]));

        Assert.Contains("1–100", error.Message);
    }

    [Fact]
    public void AutocompleteResult_ValueOver100_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => InteractionResponse.AutocompleteResult([ApplicationCommandOptionChoice.Of("name", new string('v', 101))]));

        Assert.Contains("value", error.Message);
    }
}
