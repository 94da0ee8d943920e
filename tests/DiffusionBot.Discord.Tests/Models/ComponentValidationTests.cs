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
}
