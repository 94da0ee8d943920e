using System.Text.Json;

namespace DiffusionBot.Bot.Health;

/// <summary>Reads and writes the state file. Writes go to a temporary file first, so a reader never sees half a state.</summary>
public static class HealthStateFile
{
    public static async Task WriteAsync(string path, HealthState state, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temporary = full + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(state, HealthStateJsonContext.Default.HealthState), cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The state, or null when the file is missing or unreadable.</summary>
    public static async Task<HealthState?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(Path.GetFullPath(path));
            return await JsonSerializer.DeserializeAsync(stream, HealthStateJsonContext.Default.HealthState, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
