using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Tests;

public sealed class ButtonCustomIdTests
{
    public static TheoryData<ButtonAction, int?> Actions => new()
    {
        { ButtonAction.Reroll, null },
        { ButtonAction.Upscale, 0 },
        { ButtonAction.Upscale, 3 },
        { ButtonAction.Variation, 2 },
        { ButtonAction.Cancel, null },
        { ButtonAction.Delete, null },
        { ButtonAction.Info, null },
        { ButtonAction.Edit, null },
        { ButtonAction.EditSubmit, null },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void Format_ThenTryParse_RoundTrips(ButtonAction action, int? index)
    {
        var id = new ButtonCustomId(action, new JobId(long.MaxValue), index);
        var text = id.Format();
        Assert.StartsWith("db1:", text);
        Assert.True(text.Length <= ButtonCustomId.MaxLength);
        var parsed = ButtonCustomId.TryParse(text);
        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(action, parsed.Id!.Action);
        Assert.Equal(id.JobId, parsed.Id.JobId);
        Assert.Equal(index, parsed.Id.ImageIndex);
    }

    [Fact]
    public void Format_Upscale_HasExpectedShape()
    {
        Assert.Equal("db1:upscale:z:1", new ButtonCustomId(ButtonAction.Upscale, new JobId(35), 1).Format());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("db0:reroll:1", "unknown or older version")]
    [InlineData("db2:reroll:1", "unknown or older version")]
    [InlineData("xyz", "unknown or older version")]
    [InlineData("db1:reroll", "garbled")]
    [InlineData("db1:explode:1", "unknown action")]
    [InlineData("db1:reroll:0", "no valid job id")]
    [InlineData("db1:reroll:ABC", "no valid job id")]
    [InlineData("db1:reroll:1:0", "garbled")]
    [InlineData("db1:upscale:1", "garbled")]
    [InlineData("db1:upscale:1:4", "invalid image number")]
    [InlineData("db1:upscale:1:-1", "invalid image number")]
    [InlineData("db1:upscale:1:01", "invalid image number")]
    [InlineData("db1:reroll:1:2:3", "garbled")]
    [InlineData("db1:reroll:01", "garbled")]
    [InlineData("DB1:reroll:1", "unknown or older version")]
    [InlineData("db1:edit:1:0", "garbled")]
    [InlineData("db1:edited:1:0", "garbled")]
    public void TryParse_ForgedOrGarbled_FailsWithClearReason(string text, string reason)
    {
        var parsed = ButtonCustomId.TryParse(text);
        Assert.False(parsed.Success);
        Assert.Null(parsed.Id);
        Assert.Contains(reason, parsed.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TryParse_TooLong_Fails()
    {
        var parsed = ButtonCustomId.TryParse("db1:reroll:" + new string('1', 95));
        Assert.False(parsed.Success);
        Assert.Contains("longer than 100", parsed.Error);
    }

    [Fact]
    public void Constructor_IndexOnCancel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButtonCustomId(ButtonAction.Cancel, new JobId(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButtonCustomId(ButtonAction.Upscale, new JobId(1)));
    }
}
