using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Bot.Health;

/// <summary>What the running bot writes for the <c>health</c> command: when, and since when the gateway is down or the generator busy on one job.</summary>
public sealed record HealthState(
    DateTimeOffset WrittenAt,
    bool GatewayConnected,
    DateTimeOffset? GatewayDownSince,
    DateTimeOffset? GeneratingSince);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(HealthState))]
internal sealed partial class HealthStateJsonContext : JsonSerializerContext;
