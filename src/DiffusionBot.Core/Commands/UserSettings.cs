namespace DiffusionBot.Core.Commands;

/// <summary>A user's own defaults for /imagine (set with /settings); null means "use the bot's default".</summary>
/// <param name="Model">The catalogue name of the member's default model; a name that has left the catalogue is ignored
/// (the catalogue's default is used, with a note).</param>
public sealed record UserSettings(string? NegativePrompt, string? Size, string? Scheduler, string? Model = null)
{
    public static readonly UserSettings None = new(null, null, null);
}
