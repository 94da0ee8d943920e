namespace DiffusionBot.Core.Commands;

/// <summary>A user's own defaults for /imagine (set with /settings); null means "use the bot's default".</summary>
public sealed record UserSettings(string? NegativePrompt, string? Size, string? Scheduler)
{
    public static readonly UserSettings None = new(null, null, null);
}
