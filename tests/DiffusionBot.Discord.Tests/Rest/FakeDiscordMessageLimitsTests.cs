using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiffusionBot.FakeDiscord;
using DiffusionBot.FakeDiscord.Rest;
using Xunit;

namespace DiffusionBot.Discord.Tests.Rest;

/// <summary>The fake Discord refuses bodies over Discord's message limits with 400 / 50035 as the real API does, so
/// every test through it checks the bot's messages for free.</summary>
public sealed class FakeDiscordMessageLimitsTests
{
    private const string Messages = "channels/1000000000000000001/messages";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateMessage_ContentOverTheLimit_Answers400InvalidFormBodyNamingContent()
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);

        var (status, json) = await PostAsync(server, Messages, new JsonObject { ["content"] = new string('a', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(50035, (int?)json["code"]);
        Assert.Equal("Invalid Form Body", (string?)json["message"]);
        var error = json["errors"]!["content"]!["_errors"]![0]!;
        Assert.Equal("BASE_TYPE_MAX_LENGTH", (string?)error["code"]);
        Assert.Equal("Must be 2000 or fewer in length.", (string?)error["message"]);
        var request = Assert.Single(server.Rest.RefusedForTheirBody());
        Assert.Equal(400, request.StatusCode);
        Assert.NotNull(request.FormErrors);
    }

    [Fact]
    public async Task CreateMessage_EveryTextAtItsLimit_IsAccepted()
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);
        var embed = new JsonObject
        {
            ["title"] = new string('t', 256),
            ["description"] = new string('d', 4096),
            ["footer"] = new JsonObject { ["text"] = new string('f', 500) },
            ["author"] = new JsonObject { ["name"] = new string('a', 256) },
            ["fields"] = new JsonArray(Enumerable.Range(0, 25).Select(_ => (JsonNode)Field(new string('n', 1), new string('v', 15))).ToArray()),
        };

        var (status, _) = await PostAsync(server, Messages, new JsonObject
        {
            ["content"] = new string('c', 2000),
            ["embeds"] = new JsonArray(embed),
            ["components"] = new JsonArray(Enumerable.Range(0, 5).Select(_ => (JsonNode)Row(5, new string('l', 80), new string('i', 100))).ToArray()),
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(server.Rest.RefusedForTheirBody());
    }

    [Theory]
    [InlineData("title", "embeds/0/title")]
    [InlineData("description", "embeds/0/description")]
    [InlineData("footer", "embeds/0/footer/text")]
    [InlineData("author", "embeds/0/author/name")]
    [InlineData("field name", "embeds/0/fields/1/name")]
    [InlineData("field value", "embeds/0/fields/1/value")]
    [InlineData("26 fields", "embeds/0/fields")]
    [InlineData("11 embeds", "embeds")]
    [InlineData("total", "embeds")]
    [InlineData("6 rows", "components")]
    [InlineData("6 buttons", "components/0/components")]
    [InlineData("label", "components/0/components/0/label")]
    [InlineData("custom id", "components/0/components/0/custom_id")]
    public async Task CreateMessage_OneTextOrCountOverItsLimit_Answers400NamingThatField(string broken, string path)
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);

        var (status, json) = await PostAsync(server, Messages, Broken(broken));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(50035, (int?)json["code"]);
        var node = path.Split('/').Aggregate(json["errors"], (n, key) => n?[key]);
        Assert.True(node?["_errors"] is JsonArray { Count: > 0 }, $"no _errors at {path} in {json.ToJsonString()}");
    }

    [Fact]
    public async Task InteractionCallback_EphemeralMessageOverTheLimit_Answers400UnderData()
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);

        var (status, json) = await PostAsync(server, "interactions/1/token/callback", new JsonObject
        {
            ["type"] = 4,
            ["data"] = new JsonObject { ["content"] = new string('a', 2001), ["flags"] = 64 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(json["errors"]!["data"]!["content"]!["_errors"]);
    }

    [Fact]
    public async Task InteractionCallback_ModalTitleOverTheLimit_Answers400()
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);

        var (status, json) = await PostAsync(server, "interactions/1/token/callback", new JsonObject
        {
            ["type"] = 9,
            ["data"] = new JsonObject
            {
                ["custom_id"] = "m",
                ["title"] = new string('t', 46),
                ["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = 1,
                    ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = "p", ["label"] = "Prompt", ["style"] = 2 }),
                }),
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(json["errors"]!["data"]!["title"]!["_errors"]);
    }

    [Fact]
    public async Task EditOriginal_MultipartPayloadOverTheLimit_Answers400()
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);
        using var http = new HttpClient();
        using var payload = new StringContent(OneEmbed(new JsonObject { ["description"] = new string('d', 4097) }).ToJsonString());
        using var file = new ByteArrayContent([1, 2, 3]);
        using var form = new MultipartFormDataContent();
        form.Add(payload, "payload_json");
        form.Add(file, "files[0]", "image.png");

        using var response = await http.PatchAsync(new Uri(server.ApiBaseUrl + "/webhooks/1/token/messages/@original"), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FakeRestApi.EditOriginal, Assert.Single(server.Rest.RefusedForTheirBody()).Route);
    }

    [Fact]
    public async Task CreateMessage_RefusedBody_LeavesTheScriptedResponseForTheNextRequest()
    {
        await using var server = await FakeDiscordServer.StartAsync(Ct);
        server.Rest.Script(FakeRestApi.CreateMessage, ScriptedResponse.ServerError(503));

        var (refused, _) = await PostAsync(server, Messages, new JsonObject { ["content"] = new string('a', 2001) });
        var (scripted, _) = await PostAsync(server, Messages, new JsonObject { ["content"] = "fine" });

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, scripted);
    }

    private static JsonObject Broken(string which) => which switch
    {
        "title" => OneEmbed(new JsonObject { ["title"] = new string('t', 257) }),
        "description" => OneEmbed(new JsonObject { ["description"] = new string('d', 4097) }),
        "footer" => OneEmbed(new JsonObject { ["footer"] = new JsonObject { ["text"] = new string('f', 2049) } }),
        "author" => OneEmbed(new JsonObject { ["author"] = new JsonObject { ["name"] = new string('a', 257) } }),
        "field name" => OneEmbed(new JsonObject { ["fields"] = new JsonArray(Field("n", "v"), Field(new string('n', 257), "v")) }),
        "field value" => OneEmbed(new JsonObject { ["fields"] = new JsonArray(Field("n", "v"), Field("n", new string('v', 1025))) }),
        "26 fields" => OneEmbed(new JsonObject { ["fields"] = new JsonArray(Enumerable.Range(0, 26).Select(_ => (JsonNode)Field("n", "v")).ToArray()) }),
        "11 embeds" => new JsonObject { ["embeds"] = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode)new JsonObject { ["title"] = "t" }).ToArray()) },
        // Each embed within its own limits; together 2 × 4096 descriptions are over 6000.
        "total" => new JsonObject { ["embeds"] = new JsonArray(new JsonObject { ["description"] = new string('d', 4096) }, new JsonObject { ["description"] = new string('d', 4096) }) },
        "6 rows" => Components(Enumerable.Range(0, 6).Select(_ => Row(1, "l", "id")).ToArray()),
        "6 buttons" => Components(Row(6, "l", "id")),
        "label" => Components(Row(1, new string('l', 81), "id")),
        "custom id" => Components(Row(1, "l", new string('i', 101))),
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    private static JsonObject OneEmbed(JsonObject embed) => new() { ["embeds"] = new JsonArray(embed) };

    private static JsonObject Components(params JsonObject[] rows) => new() { ["components"] = new JsonArray([.. rows]) };

    private static JsonObject Field(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Row(int buttons, string label, string customId) => new()
    {
        ["type"] = 1,
        ["components"] = new JsonArray(Enumerable.Range(0, buttons)
            .Select(_ => (JsonNode)new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = label, ["custom_id"] = customId }).ToArray()),
    };

    private static async Task<(HttpStatusCode Status, JsonNode Json)> PostAsync(FakeDiscordServer server, string path, JsonObject body)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(server.ApiBaseUrl + "/" + path), body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }
}
