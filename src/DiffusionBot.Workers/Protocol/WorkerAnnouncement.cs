using System.Text.Json;

namespace DiffusionBot.Workers.Protocol;

/// <summary>What a worker announces with each heartbeat: its catalogue (the models its engine serves).</summary>
internal sealed record WorkerAnnouncement(string Version, IReadOnlyList<string> Models)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The announcement, or null when it is not one of this version.</summary>
    public static WorkerAnnouncement? TryParse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            var parsed = JsonSerializer.Deserialize<WorkerAnnouncement>(json);
            return parsed is { Version: Fields.Version, Models: not null } ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
