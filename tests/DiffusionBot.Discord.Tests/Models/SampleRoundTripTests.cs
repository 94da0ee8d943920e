using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DiffusionBot.Discord.Json;
using Xunit;

namespace DiffusionBot.Discord.Tests.Models;

/// <summary>Recorded payloads (from Discord's documented examples, ids and tokens scrubbed) survive deserialize → serialize.</summary>
public sealed class SampleRoundTripTests
{
    public static TheoryData<string> Samples => new(
        "interaction.application-command.json",
        "interaction.autocomplete.json",
        "interaction.message-component.json",
        "interaction.modal-submit.json",
        "interaction-response.channel-message.json",
        "interaction-response.modal.json",
        "interaction-response.deferred.json",
        "interaction-response.autocomplete.json",
        "application-commands.json",
        "gateway-bot.json",
        "message-create.json",
        "message-edit.json",
        "message.json");

    [Theory]
    [MemberData(nameof(Samples))]
    public void RoundTrip_RecordedSample_IsJsonEqualIgnoringNulls(string sample)
    {
        var original = SampleFiles.Read(sample);

        var roundTripped = RoundTrip(sample, original);

        var expected = Normalize(JsonNode.Parse(original));
        var actual = Normalize(JsonNode.Parse(roundTripped));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{sample}\nexpected: {expected}\nactual:   {actual}");
    }

    [Fact]
    public void Samples_AllFilesInFolder_AreCovered()
    {
        var files = System.IO.Directory.GetFiles(SampleFiles.Directory, "*.json").Select(Path.GetFileName).Order();

        Assert.Equal(Samples.Select(row => row.Data).Order(), files);
    }

    private static string RoundTrip(string sample, string json)
    {
        var context = DiscordJsonContext.Default;
        return sample switch
        {
            _ when sample.StartsWith("interaction-response.", StringComparison.Ordinal) => Through(json, context.InteractionResponse),
            _ when sample.StartsWith("interaction.", StringComparison.Ordinal) => Through(json, context.Interaction),
            "application-commands.json" => Through(json, context.ListApplicationCommand),
            "gateway-bot.json" => Through(json, context.GatewayBot),
            "message-create.json" => Through(json, context.MessageCreate),
            "message-edit.json" => Through(json, context.MessageEdit),
            "message.json" => Through(json, context.Message),
            _ => throw new ArgumentException("No type for sample " + sample),
        };
    }

    private static string Through<T>(string json, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeInfo)!, typeInfo);

    /// <summary>Drops null-valued properties and writes timestamps in one format, recursively.</summary>
    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (value is not null)
                    {
                        copy[name] = Normalize(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(Normalize).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String
                && value.GetValue<string>() is { Length: >= 19 } text && text[10] == 'T'
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time):
                return JsonValue.Create(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            default:
                return node?.DeepClone();
        }
    }
}
