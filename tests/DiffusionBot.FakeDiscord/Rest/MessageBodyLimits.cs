using System.Globalization;
using System.Text.Json.Nodes;

namespace DiffusionBot.FakeDiscord.Rest;

/// <summary>
/// Discord's limits on what a message or an interaction response may hold, checked as the real API checks them: a body
/// over any limit is refused with 400 and JSON error 50035 "Invalid Form Body", whose <c>errors</c> object names each
/// offending field by its path (array items by index) with an <c>_errors</c> list of {code, message}
/// (https://discord.com/developers/docs/reference#error-messages). Lengths count UTF-16 code units, as the bot's
/// MessageLimits does: never fewer than the characters Discord counts, so the fake is never more lenient than Discord.
/// Limits: https://discord.com/developers/docs/resources/message#create-message, the embed limits, and
/// https://discord.com/developers/docs/components/reference.
/// </summary>
internal static class MessageBodyLimits
{
    private const int Content = 2000;
    private const int Embeds = 10;
    private const int EmbedTitle = 256;
    private const int EmbedDescription = 4096;
    private const int EmbedFields = 25;
    private const int EmbedFieldName = 256;
    private const int EmbedFieldValue = 1024;
    private const int EmbedFooter = 2048;
    private const int EmbedAuthorName = 256;
    private const int EmbedTotal = 6000;
    private const int ActionRows = 5;
    private const int RowComponents = 5;
    private const int ButtonLabel = 80;
    private const int CustomId = 100;
    private const int ModalTitle = 45;
    private const int TextInputLabel = 45;
    private const int TextInputValue = 4000;
    private const int TextInputPlaceholder = 100;

    /// <summary>The <c>errors</c> object for a body that breaks a limit, or null when it keeps them all (or the route
    /// carries no message).</summary>
    public static JsonObject? Check(string route, JsonNode? body)
    {
        if (body is not JsonObject json)
        {
            return null;
        }

        var errors = new JsonObject();
        switch (route)
        {
            case FakeRestApi.CreateMessage or FakeRestApi.EditMessage or FakeRestApi.EditOriginal or FakeRestApi.CreateFollowup or FakeRestApi.EditFollowup:
                CheckMessage(json, errors, []);
                break;
            case FakeRestApi.InteractionCallback when json["data"] is JsonObject data:
                if (IntegerOf(json["type"]) == 9)
                {
                    CheckModal(data, errors, ["data"]);
                }
                else
                {
                    CheckMessage(data, errors, ["data"]);
                }

                break;
        }

        return errors.Count == 0 ? null : errors;
    }

    /// <summary>The whole error body Discord answers with.</summary>
    public static string ErrorJson(JsonObject errors) =>
        new JsonObject { ["code"] = 50035, ["errors"] = errors.DeepClone(), ["message"] = "Invalid Form Body" }.ToJsonString();

    private static void CheckMessage(JsonObject message, JsonObject errors, string[] path)
    {
        MaxLength(message["content"], Content, errors, [.. path, "content"]);
        if (message["embeds"] is JsonArray embeds)
        {
            MaxCount(embeds, Embeds, errors, [.. path, "embeds"]);
            var total = 0;
            for (var i = 0; i < embeds.Count; i++)
            {
                if (embeds[i] is JsonObject embed)
                {
                    total += CheckEmbed(embed, errors, [.. path, "embeds", Index(i)]);
                }
            }

            if (total > EmbedTotal)
            {
                Add(errors, [.. path, "embeds"], "MAX_EMBED_SIZE_EXCEEDED", $"Embed size exceeds maximum size of {EmbedTotal}");
            }
        }

        if (message["components"] is JsonArray rows)
        {
            CheckRows(rows, errors, [.. path, "components"], modal: false);
        }
    }

    /// <summary>Checks one embed; returns the characters it counts towards the total of all embeds.</summary>
    private static int CheckEmbed(JsonObject embed, JsonObject errors, string[] path)
    {
        var total = MaxLength(embed["title"], EmbedTitle, errors, [.. path, "title"])
            + MaxLength(embed["description"], EmbedDescription, errors, [.. path, "description"])
            + MaxLength(embed["footer"]?["text"], EmbedFooter, errors, [.. path, "footer", "text"])
            + MaxLength(embed["author"]?["name"], EmbedAuthorName, errors, [.. path, "author", "name"]);
        if (embed["fields"] is JsonArray fields)
        {
            MaxCount(fields, EmbedFields, errors, [.. path, "fields"]);
            for (var i = 0; i < fields.Count; i++)
            {
                total += MaxLength(fields[i]?["name"], EmbedFieldName, errors, [.. path, "fields", Index(i), "name"])
                    + MaxLength(fields[i]?["value"], EmbedFieldValue, errors, [.. path, "fields", Index(i), "value"]);
            }
        }

        return total;
    }

    private static void CheckModal(JsonObject data, JsonObject errors, string[] path)
    {
        MaxLength(data["title"], ModalTitle, errors, [.. path, "title"]);
        MaxLength(data["custom_id"], CustomId, errors, [.. path, "custom_id"]);
        if (data["components"] is JsonArray rows)
        {
            CheckRows(rows, errors, [.. path, "components"], modal: true);
        }
    }

    private static void CheckRows(JsonArray rows, JsonObject errors, string[] path, bool modal)
    {
        if (modal && rows.Count == 0)
        {
            Add(errors, path, "BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {ActionRows} in length.");
        }

        MaxCount(rows, ActionRows, errors, path);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i]?["components"] is not JsonArray children)
            {
                continue;
            }

            string[] childrenPath = [.. path, Index(i), "components"];
            if (children.Count is 0 or > RowComponents)
            {
                Add(errors, childrenPath, "BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {RowComponents} in length.");
            }

            for (var j = 0; j < children.Count; j++)
            {
                if (children[j] is JsonObject child)
                {
                    CheckComponent(child, errors, [.. childrenPath, Index(j)]);
                }
            }
        }
    }

    private static void CheckComponent(JsonObject component, JsonObject errors, string[] path)
    {
        MaxLength(component["custom_id"], CustomId, errors, [.. path, "custom_id"]);
        switch (IntegerOf(component["type"]))
        {
            case 2: // button
                MaxLength(component["label"], ButtonLabel, errors, [.. path, "label"]);
                break;
            case 4: // text input
                MaxLength(component["label"], TextInputLabel, errors, [.. path, "label"]);
                MaxLength(component["value"], TextInputValue, errors, [.. path, "value"]);
                MaxLength(component["placeholder"], TextInputPlaceholder, errors, [.. path, "placeholder"]);
                break;
        }
    }

    /// <summary>Refuses a string over <paramref name="limit"/>; returns its length (0 when absent).</summary>
    private static int MaxLength(JsonNode? node, int limit, JsonObject errors, string[] path)
    {
        if (node is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return 0;
        }

        var length = text.Length;
        if (length > limit)
        {
            Add(errors, path, "BASE_TYPE_MAX_LENGTH", $"Must be {limit} or fewer in length.");
        }

        return length;
    }

    private static void MaxCount(JsonArray array, int limit, JsonObject errors, string[] path)
    {
        if (array.Count > limit)
        {
            Add(errors, path, "BASE_TYPE_MAX_LENGTH", $"Must be {limit} or fewer in length.");
        }
    }

    private static void Add(JsonObject errors, string[] path, string code, string message)
    {
        var node = errors;
        foreach (var key in path)
        {
            if (node[key] is not JsonObject next)
            {
                next = new JsonObject();
                node[key] = next;
            }

            node = next;
        }

        if (node["_errors"] is not JsonArray list)
        {
            list = [];
            node["_errors"] = list;
        }

        list.Add(new JsonObject { ["code"] = code, ["message"] = message });
    }

    private static int? IntegerOf(JsonNode? node) => node is JsonValue value && value.TryGetValue(out int number) ? number : null;

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
