using System.Text.Json;
using System.Text.Json.Serialization;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Json;

/// <summary>
/// Source-generated JSON for every Discord payload: snake_case names, nulls omitted, snowflakes (<see cref="ulong"/>)
/// as strings both ways, enums as numbers. To add payload types, add <see cref="JsonSerializableAttribute"/>s to this
/// list: the source generator fails (CS8785, duplicate hint names) when a second partial declaration carries them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnowflakeJsonConverter)])]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(GuildMember))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(Attachment))]
[JsonSerializable(typeof(Embed))]
[JsonSerializable(typeof(MessageComponent))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(ApplicationCommand))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(MessageCreate))]
[JsonSerializable(typeof(MessageEdit))]
[JsonSerializable(typeof(GatewayBot))]
[JsonSerializable(typeof(DiscordError))]
[JsonSerializable(typeof(RateLimitedResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(ulong))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
