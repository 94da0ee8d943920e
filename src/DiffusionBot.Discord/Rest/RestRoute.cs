using System.Globalization;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// One REST request's route: <see cref="Template"/> is safe to log ("PATCH /channels/{channel_id}/messages/{message_id}");
/// <see cref="Path"/> (relative to the API base) and <see cref="MajorParameter"/> may contain tokens and are never logged.
/// </summary>
internal sealed record RestRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool UsesInteractionToken)
{
    /// <summary>Discord's JSON error code 40060, "Interaction has already been acknowledged".</summary>
    private const int InteractionAlreadyAcknowledged = 40060;

    /// <summary>Interaction endpoints are not bound to the bot's global rate limit, nor authenticated with the bot token.</summary>
    public bool ExemptFromGlobalLimit => UsesInteractionToken;

    /// <summary>
    /// Whether a request whose outcome is unknown (a 5xx answer, a dropped connection) may be sent again: true unless a
    /// second copy could act twice. A plain POST could (a duplicate message); an interaction callback cannot (see
    /// <see cref="RepeatAnsweredCode"/>), nor a Create Message that carries an enforced nonce.
    /// </summary>
    public bool Repeatable { get; init; } = Method != HttpMethod.Post;

    /// <summary>Discord's error code that, answering a repeat, means an earlier attempt was processed (the call succeeded).</summary>
    public int? RepeatAnsweredCode { get; init; }

    /// <summary>Rate-limit bucket key before Discord told us the bucket hash.</summary>
    public string TemplateKey => Template + "|" + MajorParameter;

    public static RestRoute Channel(HttpMethod method, string templateTail, ulong channelId, string pathTail) =>
        new(method, $"{method.Method} /channels/{{channel_id}}{templateTail}", $"channels/{Id(channelId)}{pathTail}", "channel:" + Id(channelId), false);

    public static RestRoute Application(HttpMethod method, string templateTail, ulong applicationId, string pathTail, ulong? guildId = null) =>
        new(method, $"{method.Method} /applications/{{application_id}}{templateTail}", $"applications/{Id(applicationId)}{pathTail}",
            guildId is { } g ? "guild:" + Id(g) : "application:" + Id(applicationId), false);

    /// <summary>An interaction can be acknowledged once: a repeated callback after a processed one gets 40060, which means done.</summary>
    public static RestRoute Interaction(HttpMethod method, ulong interactionId, string token) =>
        new(method, $"{method.Method} /interactions/{{interaction_id}}/{{interaction_token}}/callback",
            $"interactions/{Id(interactionId)}/{Uri.EscapeDataString(token)}/callback", "interaction:" + Id(interactionId) + ":" + TokenKey(token), true)
        {
            Repeatable = true,
            RepeatAnsweredCode = InteractionAlreadyAcknowledged,
        };

    public static RestRoute Webhook(HttpMethod method, string templateTail, ulong applicationId, string token, string pathTail) =>
        new(method, $"{method.Method} /webhooks/{{application_id}}/{{interaction_token}}{templateTail}",
            $"webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}{pathTail}", "webhook:" + Id(applicationId) + ":" + TokenKey(token), true);

    public static RestRoute Global(HttpMethod method, string path) => new(method, $"{method.Method} /{path}", path, "", false);

    /// <summary>The template only: <see cref="Path"/> and <see cref="MajorParameter"/> may carry an interaction token.</summary>
    public override string ToString() => Template;

    public static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    // A short stand-in for the token in bucket keys (collisions would only share a bucket).
    private static string TokenKey(string token) => StringComparer.Ordinal.GetHashCode(token).ToString("x8", CultureInfo.InvariantCulture);
}
