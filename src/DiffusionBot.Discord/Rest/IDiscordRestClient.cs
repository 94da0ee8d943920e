using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// Discord's HTTP API (v10), the routes this bot uses. Rate limits are handled inside: calls wait for their bucket and
/// retry 429s, so a returned task means Discord accepted the request. Failures throw <see cref="DiscordRestException"/>
/// (never containing the bot token or interaction tokens). Files are sent as multipart/form-data. After a 5xx or a
/// dropped connection a call is sent again only where a repeat cannot act twice: not a follow-up message; an interaction
/// callback (a repeat answered "already acknowledged" counts as success); a channel message (sent with an enforced nonce).
/// </summary>
public interface IDiscordRestClient
{
    /// <summary>GET /gateway/bot.</summary>
    Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken);

    /// <summary>POST /interactions/{id}/{token}/callback. Must happen within 3 s of receiving the interaction.</summary>
    Task CreateInteractionResponseAsync(
        ulong interactionId, string interactionToken, InteractionResponse response,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken);

    /// <summary>GET /webhooks/{application_id}/{token}/messages/@original.</summary>
    Task<Message> GetOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken);

    /// <summary>PATCH /webhooks/{application_id}/{token}/messages/@original.</summary>
    Task<Message> EditOriginalResponseAsync(
        ulong applicationId, string interactionToken, MessageEdit edit,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken);

    /// <summary>DELETE /webhooks/{application_id}/{token}/messages/@original.</summary>
    Task DeleteOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken);

    /// <summary>POST /webhooks/{application_id}/{token}?wait=true (the Create Followup Message route).</summary>
    Task<Message> CreateFollowupMessageAsync(
        ulong applicationId, string interactionToken, MessageCreate message,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken);

    /// <summary>PATCH /webhooks/{application_id}/{token}/messages/{message_id}.</summary>
    Task<Message> EditFollowupMessageAsync(
        ulong applicationId, string interactionToken, ulong messageId, MessageEdit edit,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken);

    /// <summary>DELETE /webhooks/{application_id}/{token}/messages/{message_id}.</summary>
    Task DeleteFollowupMessageAsync(ulong applicationId, string interactionToken, ulong messageId, CancellationToken cancellationToken);

    /// <summary>POST /channels/{channel_id}/messages.</summary>
    Task<Message> CreateMessageAsync(ulong channelId, MessageCreate message, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken);

    /// <summary>PATCH /channels/{channel_id}/messages/{message_id}.</summary>
    Task<Message> EditMessageAsync(
        ulong channelId, ulong messageId, MessageEdit edit, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken);

    /// <summary>DELETE /channels/{channel_id}/messages/{message_id}.</summary>
    Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken);

    /// <summary>PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me (the emoji is URL-encoded here).</summary>
    Task CreateReactionAsync(ulong channelId, ulong messageId, Emoji emoji, CancellationToken cancellationToken);

    /// <summary>PUT /applications/{application_id}/commands: replaces all global commands.</summary>
    Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalApplicationCommandsAsync(
        ulong applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken);

    /// <summary>PUT /applications/{application_id}/guilds/{guild_id}/commands: replaces all commands of one guild.</summary>
    Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildApplicationCommandsAsync(
        ulong applicationId, ulong guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken);
}
