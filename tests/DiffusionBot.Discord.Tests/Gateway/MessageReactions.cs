using System.Text.Json.Nodes;

namespace DiffusionBot.Discord.Tests.Gateway;

internal static class MessageReactions
{
    /// <summary>A MESSAGE_REACTION_ADD payload whose message id identifies it in assertions.</summary>
    public static JsonObject Add(ulong messageId) => new()
    {
        ["user_id"] = "444444444444444444",
        ["channel_id"] = "555555555555555555",
        ["message_id"] = messageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["guild_id"] = "333333333333333333",
        ["emoji"] = new JsonObject { ["id"] = null, ["name"] = "🔁" },
    };
}
