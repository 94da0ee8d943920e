using DiffusionBot.Discord.Models;
using Xunit;

namespace DiffusionBot.Discord.Tests.Models;

public sealed class ComponentValidationTests
{
    [Fact]
    public void Button_CustomIdOf100Chars_IsAccepted()
    {
        var button = MessageComponent.Button(ButtonStyle.Primary, new string('a', 100), "ok");

        Assert.Equal(100, button.CustomId!.Length);
    }

    [Fact]
    public void Button_CustomIdOver100Chars_ThrowsClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => MessageComponent.Button(ButtonStyle.Primary, new string('a', 101), "too long"));

        Assert.StartsWith("A component custom_id must be at most 100 characters; got 101", error.Message);
    }

    [Fact]
    public void Button_EmptyCustomId_ThrowsClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => MessageComponent.Button(ButtonStyle.Primary, ""));

        Assert.StartsWith("A component custom_id must not be empty.", error.Message);
    }

    [Fact]
    public void Button_LinkStyle_IsRejectedInFavourOfLinkButton()
    {
        var error = Assert.Throws<ArgumentException>(() => MessageComponent.Button(ButtonStyle.Link, "id"));

        Assert.Contains("LinkButton", error.Message);
    }

    [Fact]
    public void ActionRow_SixButtons_ThrowsClearError()
    {
        var buttons = Enumerable.Range(0, 6).Select(i => MessageComponent.Button(ButtonStyle.Secondary, $"b{i}", $"{i}")).ToArray();

        var error = Assert.Throws<ArgumentException>(() => MessageComponent.ActionRow(buttons));

        Assert.StartsWith("An action row holds 1 to 5 components; got 6.", error.Message);
    }

    [Fact]
    public void Validate_SixRows_ThrowsClearError()
    {
        var rows = Enumerable.Range(0, 6).Select(i => MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Primary, $"r{i}"))).ToArray();

        var error = Assert.Throws<ArgumentException>(() => ComponentValidation.Validate(rows));

        Assert.StartsWith("A message has at most 5 action rows; got 6.", error.Message);
    }

    [Fact]
    public void Validate_ButtonOutsideRow_ThrowsClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => ComponentValidation.Validate([MessageComponent.Button(ButtonStyle.Primary, "x")]));

        Assert.StartsWith("Top-level components must be action rows (type 1); got Button.", error.Message);
    }

    [Fact]
    public void Validate_LinkButtonWithUrl_IsAccepted()
    {
        var row = MessageComponent.ActionRow(MessageComponent.LinkButton("https://example.invalid", "Open"));

        ComponentValidation.Validate([row]);

        Assert.Equal((int)ButtonStyle.Link, row.Components![0].Style);
    }

    [Fact]
    public void TextInput_ValueOf4000Chars_IsAcceptedAndOver4000Throws()
    {
        var input = MessageComponent.TextInput("p", "Prompt", TextInputStyle.Paragraph, maxLength: 4000, value: new string('a', 4000));

        var error = Assert.Throws<ArgumentException>(() => MessageComponent.TextInput("p", "Prompt", TextInputStyle.Paragraph, value: new string('a', 4001)));

        Assert.Equal(4000, input.Value!.Length);
        Assert.Contains("at most 4000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4001)]
    public void TextInput_MaxLengthOutOfRange_Throws(int maxLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.TextInput("p", "Prompt", maxLength: maxLength));
    }

    [Fact]
    public void TextInput_LabelOver45Chars_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MessageComponent.TextInput("p", new string('l', 46)));

        Assert.Contains("label is at most 45", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowModal_TitleOver45Chars_Throws()
    {
        var row = MessageComponent.ActionRow(MessageComponent.TextInput("p", "Prompt"));

        var error = Assert.Throws<ArgumentException>(() => InteractionResponse.ShowModal("m", new string('t', 46), row));

        Assert.Contains("title is at most 45", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowModal_RowWithTwoInputsOrAButton_Throws()
    {
        var two = MessageComponent.ActionRow(MessageComponent.TextInput("a", "A"), MessageComponent.TextInput("b", "B"));
        var button = MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Primary, "x", "X"));

        Assert.Throws<ArgumentException>(() => InteractionResponse.ShowModal("m", "Title", two));
        Assert.Throws<ArgumentException>(() => InteractionResponse.ShowModal("m", "Title", button));
        Assert.Throws<ArgumentException>(() => InteractionResponse.ShowModal("m", "Title"));
    }
}
