using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Gateway.Payloads;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(HeartbeatPayload))]
[JsonSerializable(typeof(IdentifyPayload))]
[JsonSerializable(typeof(ResumePayload))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(GuildCreateData))]
[JsonSerializable(typeof(MessageReactionAddData))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
