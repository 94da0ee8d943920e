namespace DiffusionBot.Discord.Models;

/// <summary>https://discord.com/developers/docs/resources/message#message-object-message-flags</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    Crossposted = 1 << 0,
    IsCrosspost = 1 << 1,
    SuppressEmbeds = 1 << 2,
    Urgent = 1 << 4,
    HasThread = 1 << 5,
    /// <summary>Only the invoking user sees the message (interaction responses and follow-ups).</summary>
    Ephemeral = 1 << 6,
    Loading = 1 << 7,
    SuppressNotifications = 1 << 12,
    IsVoiceMessage = 1 << 13,
}
