using System.Text.Json;

namespace DiffusionBot.FakeDiscord.Gateway;

/// <summary>A JSON payload the fake gateway received from the client.</summary>
/// <param name="Connection">0-based index of the connection it arrived on.</param>
/// <param name="D">A detached copy of "d" (Undefined when absent).</param>
public sealed record ReceivedGatewayFrame(int Connection, int Op, JsonElement D, string Raw, DateTimeOffset ReceivedAt);
