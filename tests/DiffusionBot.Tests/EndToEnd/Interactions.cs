using System.Globalization;
using System.Text.Json.Nodes;
using DiffusionBot.FakeDiscord.Cdn;

namespace DiffusionBot.Tests.EndToEnd;

/// <summary>INTERACTION_CREATE payloads as Discord sends them (snake_case, snowflakes as strings).</summary>
internal static class Interactions
{
    public const ulong ApplicationId = 111111111111111111;
    public const ulong GuildId = 333333333333333333;
    public const ulong ChannelId = 444444444444444444;
    public const string ManageGuild = "32";

    private static long _nextId = 900_000_000_000_000_000;

    public static ulong NextId() => (ulong)Interlocked.Increment(ref _nextId);

    public static string TokenFor(ulong interactionId) => "itok-" + interactionId.ToString(CultureInfo.InvariantCulture);

    public static JsonObject Slash(ulong id, ulong userId, string name, JsonArray? options = null, string permissions = "0") =>
        Base(id, userId, 2, permissions, new JsonObject
        {
            ["id"] = "555555555555555555",
            ["name"] = name,
            ["type"] = 1,
            ["options"] = options ?? [],
        });

    /// <summary>An APPLICATION_COMMAND_AUTOCOMPLETE (type 4): <paramref name="focused"/> holds what was typed so far
    /// (always a string, as Discord sends it), the other options what was filled in already.</summary>
    public static JsonObject Autocomplete(ulong id, ulong userId, string command, string focused, string typed, params (string Name, object Value)[] others)
    {
        var options = Options(others);
        options.Add(new JsonObject { ["name"] = focused, ["type"] = 3, ["value"] = typed, ["focused"] = true });
        return Base(id, userId, 4, "0", new JsonObject { ["id"] = "555555555555555555", ["name"] = command, ["type"] = 1, ["options"] = options });
    }

    public static JsonObject Button(ulong id, ulong userId, string customId, string permissions = "0") =>
        Base(id, userId, 3, permissions, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });

    /// <summary>A MODAL_SUBMIT (type 5): one action row per text input, each with its submitted value.</summary>
    public static JsonObject ModalSubmit(ulong id, ulong userId, string customId, params (string CustomId, string Value)[] inputs) =>
        Base(id, userId, 5, "0", new JsonObject
        {
            ["custom_id"] = customId,
            ["components"] = new JsonArray([.. inputs.Select(i => (JsonNode)new JsonObject
            {
                ["type"] = 1,
                ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = i.CustomId, ["value"] = i.Value }),
            })]),
        });

    public static JsonObject Option(string name, object value) => value switch
    {
        string s => new JsonObject { ["name"] = name, ["type"] = 3, ["value"] = s },
        int i => new JsonObject { ["name"] = name, ["type"] = 4, ["value"] = i },
        long l => new JsonObject { ["name"] = name, ["type"] = 4, ["value"] = l },
        double d => new JsonObject { ["name"] = name, ["type"] = 10, ["value"] = d },
        ulong user => new JsonObject { ["name"] = name, ["type"] = 6, ["value"] = user.ToString(CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException("unsupported option value", nameof(value)),
    };

    /// <summary>An ATTACHMENT option (type 11): its value is the id of an entry in <c>resolved.attachments</c>.</summary>
    public static JsonObject FileOption(string name, FakeAttachment file) => new() { ["name"] = name, ["type"] = 11, ["value"] = file.IdText };

    /// <summary>A slash command whose options name files: each file goes into <c>data.resolved.attachments</c> too.</summary>
    public static JsonObject SlashWithFiles(ulong id, ulong userId, string name, JsonArray options, params FakeAttachment[] files)
    {
        var slash = Slash(id, userId, name, options);
        slash["data"]!["resolved"] = new JsonObject
        {
            ["attachments"] = new JsonObject(files.Select(f => KeyValuePair.Create(f.IdText, (JsonNode?)f.ToJson()))),
        };
        return slash;
    }

    public static JsonArray Options(params (string Name, object Value)[] options) => [.. options.Select(o => (JsonNode)Option(o.Name, o.Value))];

    public static JsonArray Sub(string name, params (string Name, object Value)[] options) =>
        [new JsonObject { ["name"] = name, ["type"] = 1, ["options"] = Options(options) }];

    private static JsonObject Base(ulong id, ulong userId, int type, string permissions, JsonObject data) => new()
    {
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["application_id"] = ApplicationId.ToString(CultureInfo.InvariantCulture),
        ["type"] = type,
        ["token"] = TokenFor(id),
        ["version"] = 1,
        ["guild_id"] = GuildId.ToString(CultureInfo.InvariantCulture),
        ["channel_id"] = ChannelId.ToString(CultureInfo.InvariantCulture),
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = userId.ToString(CultureInfo.InvariantCulture), ["username"] = "user" + userId },
            ["roles"] = new JsonArray(),
            ["permissions"] = permissions,
        },
        ["data"] = data,
    };
}
