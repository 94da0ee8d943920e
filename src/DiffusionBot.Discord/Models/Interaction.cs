using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Models;

/// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type</summary>
public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>
/// An inbound interaction (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object),
/// as delivered by the gateway's INTERACTION_CREATE. The <see cref="Token"/> is a secret valid for 15 minutes: never log it.
/// </summary>
public sealed record Interaction
{
    public ulong Id { get; init; }

    public ulong ApplicationId { get; init; }

    public InteractionType Type { get; init; }

    public InteractionData? Data { get; init; }

    public ulong? GuildId { get; init; }

    public ulong? ChannelId { get; init; }

    /// <summary>Set in guilds (with <see cref="GuildMember.Permissions"/>); <see cref="User"/> is set in DMs.</summary>
    public GuildMember? Member { get; init; }

    public User? User { get; init; }

    /// <summary>Secret continuation token for responses and follow-ups.</summary>
    public string Token { get; init; } = "";

    /// <summary>Always 1.</summary>
    public int? Version { get; init; }

    /// <summary>For component interactions: the message the component was on.</summary>
    public Message? Message { get; init; }

    /// <summary>Bot permissions in the channel (decimal bit set as a string).</summary>
    public string? AppPermissions { get; init; }

    /// <summary>The invoking user's locale, e.g. "en-US".</summary>
    public string? Locale { get; init; }

    public string? GuildLocale { get; init; }

    /// <summary>0 guild, 1 bot DM, 2 private channel.</summary>
    public int? Context { get; init; }

    /// <summary>The user who invoked the interaction, whether in a guild or a DM.</summary>
    [JsonIgnore]
    public User? InvokingUser => Member?.User ?? User;

    /// <summary>Leaves out <see cref="Token"/>, so logging an interaction never leaks it.</summary>
    public override string ToString() =>
        $"{nameof(Interaction)} {{ Id = {Id}, Type = {Type}, GuildId = {GuildId}, ChannelId = {ChannelId} }}";
}
