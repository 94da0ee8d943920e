using System.Text.Json;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway.Payloads;
using DiffusionBot.Discord.Json;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Discord.Gateway;

/// <summary>Turns a dispatch (op 0) payload into a typed event; throws <see cref="JsonException"/> on a wrong shape.</summary>
internal static class GatewayDispatchParser
{
    /// <summary>The typed event, or null for an event type this client does not handle.</summary>
    public static DiscordEvent? Parse(string eventType, JsonElement d) => eventType switch
    {
        "READY" => ToReady(Deserialize(d, GatewayJsonContext.Default.ReadyData)),
        "RESUMED" => new ResumedEvent(),
        "GUILD_CREATE" => ToGuildCreate(Deserialize(d, GatewayJsonContext.Default.GuildCreateData)),
        "INTERACTION_CREATE" => ToInteractionCreate(Deserialize(d, DiscordJsonContext.Default.Interaction)),
        "MESSAGE_REACTION_ADD" => ToReactionAdd(Deserialize(d, GatewayJsonContext.Default.MessageReactionAddData)),
        _ => null,
    };

    private static T Deserialize<T>(JsonElement d, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        if (d.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected an object for {typeof(T).Name}, got {d.ValueKind}.");
        }

        return d.Deserialize(typeInfo) ?? throw new JsonException($"Null {typeof(T).Name}.");
    }

    private static ReadyEvent ToReady(ReadyData data) => new(
        data.SessionId,
        data.ResumeGatewayUrl,
        data.Application.Id,
        new User
        {
            Id = data.User.Id,
            Username = data.User.Username,
            GlobalName = data.User.GlobalName,
            Discriminator = data.User.Discriminator,
            Bot = data.User.Bot,
        },
        data.V,
        data.Guilds?.Select(g => g.Id).ToArray() ?? []);

    private static InteractionCreateEvent ToInteractionCreate(Interaction interaction) =>
        interaction.Id == 0 || string.IsNullOrEmpty(interaction.Token)
            ? throw new JsonException("INTERACTION_CREATE without an id or token.")
            : new InteractionCreateEvent(interaction);

    private static GuildCreateEvent ToGuildCreate(GuildCreateData data) => new(
        data.Id,
        data.Name,
        data.Unavailable ?? false,
        data.Roles?.Select(r => new Role { Id = r.Id, Name = r.Name, Permissions = r.Permissions, Position = r.Position }).ToArray() ?? []);

    private static MessageReactionAddEvent ToReactionAdd(MessageReactionAddData data) => new(
        data.UserId,
        data.ChannelId,
        data.MessageId,
        data.GuildId,
        data.MessageAuthorId,
        new Emoji { Id = data.Emoji.Id, Name = data.Emoji.Name, Animated = data.Emoji.Animated },
        data.Member?.Roles ?? []);
}
