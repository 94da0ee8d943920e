using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Bot.Health;

/// <summary>What the running bot writes for the <c>health</c> command: when, and since when the gateway is down or the
/// generator busy on one job; for <c>models list</c>, the catalogue models its in-process generator holds in memory
/// (null when generation runs on workers, or in a state file written before the bot recorded it).</summary>
public sealed record HealthState(
    DateTimeOffset WrittenAt,
    bool GatewayConnected,
    DateTimeOffset? GatewayDownSince,
    DateTimeOffset? GeneratingSince,
    IReadOnlyList<string>? LoadedModels = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(HealthState))]
internal sealed partial class HealthStateJsonContext : JsonSerializerContext;
