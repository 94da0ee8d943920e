using System.Text.Json.Nodes;

namespace DiffusionBot.FakeDiscord.Rest;

/// <summary>A file part of a multipart request.</summary>
public sealed record RecordedFile(string FieldName, string FileName, string? ContentType, byte[] Content);

/// <summary>One request the fake REST API received.</summary>
public sealed class RecordedRequest
{
    public required long Sequence { get; init; }

    public required string Method { get; init; }

    /// <summary>The raw path, e.g. "/api/v10/channels/1/messages".</summary>
    public required string Path { get; init; }

    /// <summary>The request target as sent, still percent-encoded (Path is decoded).</summary>
    public required string RawTarget { get; init; }

    public required string Query { get; init; }

    /// <summary>The route template, e.g. "POST /channels/{channel_id}/messages" (as the client names it).</summary>
    public required string Route { get; init; }

    /// <summary>Route values, e.g. channel_id, message_id, interaction_token, emoji (decoded).</summary>
    public required IReadOnlyDictionary<string, string> RouteValues { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required string? ContentType { get; init; }

    /// <summary>The JSON body, or the payload_json part of a multipart body.</summary>
    public required string? Body { get; init; }

    public required IReadOnlyList<RecordedFile> Files { get; init; }

    /// <summary>Time since the fake started.</summary>
    public required TimeSpan ReceivedAt { get; init; }

    /// <summary>The status code the fake answered with.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>When the fake refused the body for breaking Discord's message limits (400, code 50035): the
    /// <c>errors</c> object it answered with, naming each field over its limit.</summary>
    public JsonObject? FormErrors { get; internal set; }

    public JsonNode? Json => Body is null ? null : JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"#{Sequence} {Method} {Path} -> {StatusCode}";
}
