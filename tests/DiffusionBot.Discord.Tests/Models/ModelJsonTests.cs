using System.Text.Json;
using DiffusionBot.Discord.Json;
using DiffusionBot.Discord.Models;
using Xunit;

namespace DiffusionBot.Discord.Tests.Models;

public sealed class ModelJsonTests
{
    [Fact]
    public void Serialize_SnowflakesInScalarsListsAndKeys_AreWrittenAsStrings()
    {
        var data = new InteractionData
        {
            Id = 18_446_744_073_709_551_615,
            Resolved = new ResolvedData
            {
                Users = new Dictionary<ulong, User> { [123] = new() { Id = 123, Username = "u" } },
                Members = new Dictionary<ulong, GuildMember> { [123] = new() { Roles = [7, 8] } },
            },
        };

        var json = JsonSerializer.Serialize(data, DiscordJsonContext.Default.Options);

        Assert.Equal(
            """{"id":"18446744073709551615","resolved":{"users":{"123":{"id":"123","username":"u"}},"members":{"123":{"roles":["7","8"]}}}}""",
            json);
    }

    [Fact]
    public void Deserialize_SnowflakeAsNumberOrString_ReadsBoth()
    {
        var fromString = JsonSerializer.Deserialize("""{"id":"42","username":"a"}""", DiscordJsonContext.Default.User)!;
        var fromNumber = JsonSerializer.Deserialize("""{"id":42,"username":"a"}""", DiscordJsonContext.Default.User)!;

        Assert.Equal(42UL, fromString.Id);
        Assert.Equal(42UL, fromNumber.Id);
    }

    [Fact]
    public void Deserialize_SnowflakeNotANumber_ThrowsJsonException()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"id":"12ab","username":"a"}""", DiscordJsonContext.Default.User));

        Assert.Contains("Invalid snowflake", error.Message);
    }

    [Fact]
    public void Serialize_DeferEphemeral_IsType5WithFlags64()
    {
        var json = JsonSerializer.Serialize(InteractionResponse.Defer(ephemeral: true), DiscordJsonContext.Default.InteractionResponse);

        Assert.Equal("""{"type":5,"data":{"flags":64}}""", json);
    }

    [Fact]
    public void Serialize_DeferUpdateAndMessage_UseCallbackTypes6And4()
    {
        var deferUpdate = JsonSerializer.Serialize(InteractionResponse.DeferUpdate(), DiscordJsonContext.Default.InteractionResponse);
        var message = JsonSerializer.Serialize(InteractionResponse.Message("hi"), DiscordJsonContext.Default.InteractionResponse);
        var update = JsonSerializer.Serialize(
            new InteractionResponse { Type = InteractionCallbackType.UpdateMessage, Data = new() { Components = [] } },
            DiscordJsonContext.Default.InteractionResponse);

        Assert.Equal("""{"type":6}""", deferUpdate);
        Assert.Equal("""{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]}}}""", message);
        Assert.Equal("""{"type":7,"data":{"components":[]}}""", update);
    }

    [Fact]
    public void GetPermissions_MemberPermissionsString_ParsesBits()
    {
        var member = new GuildMember { Permissions = "2147483647" };

        Assert.True(member.GetPermissions()!.Value.HasFlag(Permissions.Administrator));
        Assert.Null(new GuildMember { Permissions = "x" }.GetPermissions());
    }

    [Fact]
    public void GetTimestamp_Snowflake_DecodesCreationTime()
    {
        // The example snowflake from Discord's reference documentation.
        Assert.Equal(DateTimeOffset.Parse("2016-04-30T11:18:25.796Z", System.Globalization.CultureInfo.InvariantCulture), Snowflake.GetTimestamp(175928847299117063));
    }

    [Fact]
    public void Parse_NotASnowflake_ThrowsClearFormatException()
    {
        var error = Assert.Throws<FormatException>(() => Snowflake.Parse("-1"));

        Assert.Contains("'-1' is not a Discord snowflake", error.Message);
    }
}
