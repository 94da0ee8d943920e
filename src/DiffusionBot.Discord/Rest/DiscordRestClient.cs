using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DiffusionBot.Discord.Json;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// <see cref="IDiscordRestClient"/> over <see cref="IHttpClientFactory"/> (named client <see cref="HttpClientName"/>, whose
/// <see cref="BotAuthorizationHandler"/> signs requests), with <see cref="RateLimiter"/> buckets, 429 retries
/// (<see cref="RateLimitRetry"/>), bounded 5xx and transport retries (<see cref="TransientRetry"/>) and Discord's errors
/// mapped to <see cref="DiscordRestException"/> (<see cref="RestErrorMapper"/>).
/// </summary>
internal sealed class DiscordRestClient(
    IHttpClientFactory httpClientFactory,
    RateLimiter rateLimiter,
    RestRetryPolicy retryPolicy,
    IOptions<DiscordOptions> options,
    TimeProvider timeProvider,
    ILogger<DiscordRestClient> logger) : IDiscordRestClient
{
    public const string HttpClientName = "DiffusionBot.Discord.Rest";

    /// <summary>Most files in one message (Discord's documented limit).</summary>
    public const int MaxFilesPerMessage = 10;

    private readonly RestAttempt _attempt = new(httpClientFactory, logger);
    private readonly RateLimitRetry _rateLimited = new(retryPolicy, logger);
    private readonly TransientRetry _transient = new(retryPolicy, timeProvider, logger);
    private readonly RestErrorMapper _errors = new(logger);
    private readonly string _noncePrefix = timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture) + "-";
    private long _nonceCount;

    public Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(RestRoute.Global(HttpMethod.Get, "gateway/bot"), null, DiscordJsonContext.Default.GatewayBot, cancellationToken);

    public async Task CreateInteractionResponseAsync(
        ulong interactionId, string interactionToken, InteractionResponse response,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var data = response.Data ?? new InteractionCallbackData();
        var body = MessageBody(
            response, DiscordJsonContext.Default.InteractionResponse, response.Data?.Components, data.Attachments,
            attachments => response with { Data = data with { Attachments = attachments } }, files);
        await SendAsync(RestRoute.Interaction(HttpMethod.Post, interactionId, RequireToken(interactionToken)), body, cancellationToken);
    }

    public Task<Message> GetOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken) =>
        SendAsync(
            RestRoute.Webhook(HttpMethod.Get, "/messages/@original", applicationId, RequireToken(interactionToken), "/messages/@original"),
            null, DiscordJsonContext.Default.Message, cancellationToken);

    public Task<Message> EditOriginalResponseAsync(
        ulong applicationId, string interactionToken, MessageEdit edit,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        SendAsync(
            RestRoute.Webhook(HttpMethod.Patch, "/messages/@original", applicationId, RequireToken(interactionToken), "/messages/@original"),
            EditBody(edit, files), DiscordJsonContext.Default.Message, cancellationToken);

    public async Task DeleteOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken) =>
        await SendAsync(
            RestRoute.Webhook(HttpMethod.Delete, "/messages/@original", applicationId, RequireToken(interactionToken), "/messages/@original"),
            null, cancellationToken);

    public Task<Message> CreateFollowupMessageAsync(
        ulong applicationId, string interactionToken, MessageCreate message,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        SendAsync(
            RestRoute.Webhook(HttpMethod.Post, "", applicationId, RequireToken(interactionToken), ""),
            CreateBody(message, files), DiscordJsonContext.Default.Message, cancellationToken);

    public Task<Message> EditFollowupMessageAsync(
        ulong applicationId, string interactionToken, ulong messageId, MessageEdit edit,
        IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        SendAsync(
            RestRoute.Webhook(HttpMethod.Patch, "/messages/{message_id}", applicationId, RequireToken(interactionToken), "/messages/" + RestRoute.Id(messageId)),
            EditBody(edit, files), DiscordJsonContext.Default.Message, cancellationToken);

    public async Task DeleteFollowupMessageAsync(ulong applicationId, string interactionToken, ulong messageId, CancellationToken cancellationToken) =>
        await SendAsync(
            RestRoute.Webhook(HttpMethod.Delete, "/messages/{message_id}", applicationId, RequireToken(interactionToken), "/messages/" + RestRoute.Id(messageId)),
            null, cancellationToken);

    /// <summary>Sends an enforced nonce (one is made up when the caller gives none), so a retry after a 5xx cannot post the message twice.</summary>
    public Task<Message> CreateMessageAsync(ulong channelId, MessageCreate message, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message = message.Nonce is null ? message with { Nonce = NextNonce(), EnforceNonce = true } : message;
        var route = RestRoute.Channel(HttpMethod.Post, "/messages", channelId, "/messages") with { Repeatable = message.EnforceNonce == true };
        return SendAsync(route, CreateBody(message, files), DiscordJsonContext.Default.Message, cancellationToken);
    }

    public Task<Message> EditMessageAsync(
        ulong channelId, ulong messageId, MessageEdit edit, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        SendAsync(
            RestRoute.Channel(HttpMethod.Patch, "/messages/{message_id}", channelId, "/messages/" + RestRoute.Id(messageId)),
            EditBody(edit, files), DiscordJsonContext.Default.Message, cancellationToken);

    public async Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken) =>
        await SendAsync(
            RestRoute.Channel(HttpMethod.Delete, "/messages/{message_id}", channelId, "/messages/" + RestRoute.Id(messageId)),
            null, cancellationToken);

    public async Task CreateReactionAsync(ulong channelId, ulong messageId, Emoji emoji, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emoji);
        var text = emoji.Id is { } id ? $"{emoji.Name}:{RestRoute.Id(id)}" : emoji.Name;
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException("A reaction emoji needs a name (the Unicode character, or the custom emoji's name with its id).", nameof(emoji));
        }

        await SendAsync(
            RestRoute.Channel(
                HttpMethod.Put, "/messages/{message_id}/reactions/{emoji}/@me", channelId,
                $"/messages/{RestRoute.Id(messageId)}/reactions/{Uri.EscapeDataString(text)}/@me"),
            null, cancellationToken);
    }

    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalApplicationCommandsAsync(
        ulong applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        await SendAsync(
            RestRoute.Application(HttpMethod.Put, "/commands", applicationId, "/commands"),
            Body(commands.ToList(), DiscordJsonContext.Default.ListApplicationCommand, null),
            DiscordJsonContext.Default.ListApplicationCommand, cancellationToken);

    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildApplicationCommandsAsync(
        ulong applicationId, ulong guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        await SendAsync(
            RestRoute.Application(
                HttpMethod.Put, "/guilds/{guild_id}/commands", applicationId, $"/guilds/{RestRoute.Id(guildId)}/commands", guildId),
            Body(commands.ToList(), DiscordJsonContext.Default.ListApplicationCommand, null),
            DiscordJsonContext.Default.ListApplicationCommand, cancellationToken);

    private Func<HttpContent> CreateBody(MessageCreate message, IReadOnlyList<FileAttachment>? files)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MessageBody(
            message, DiscordJsonContext.Default.MessageCreate, message.Components, message.Attachments,
            attachments => message with { Attachments = attachments }, files);
    }

    private Func<HttpContent> EditBody(MessageEdit edit, IReadOnlyList<FileAttachment>? files)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return MessageBody(
            edit, DiscordJsonContext.Default.MessageEdit, edit.Components, edit.Attachments,
            attachments => edit with { Attachments = attachments }, files);
    }

    /// <summary>Validates the components; with files, lists the uploads in the payload's attachments (via <paramref name="withAttachments"/>).</summary>
    private Func<HttpContent> MessageBody<T>(
        T payload, JsonTypeInfo<T> typeInfo, IReadOnlyList<MessageComponent>? components, IReadOnlyList<Attachment>? listed,
        Func<List<Attachment>, T> withAttachments, IReadOnlyList<FileAttachment>? files)
    {
        ComponentValidation.Validate(components);
        return Body(files is { Count: > 0 } ? withAttachments(WithUploads(listed, files)) : payload, typeInfo, files);
    }

    /// <summary>The attachments array: the caller's entries (kept attachments, or upload metadata), plus id n for each upload not listed.</summary>
    private static List<Attachment> WithUploads(IReadOnlyList<Attachment>? listed, IReadOnlyList<FileAttachment> files)
    {
        var result = new List<Attachment>(listed ?? []);
        for (var n = 0; n < files.Count; n++)
        {
            if (!result.Exists(a => a.Id == (ulong)n))
            {
                result.Add(new Attachment { Id = (ulong)n, Filename = files[n].FileName, Description = files[n].Description });
            }
        }

        return result;
    }

    /// <summary>Serializes once; returns a factory for fresh request content per attempt (JSON, or multipart with files).</summary>
    private Func<HttpContent> Body<T>(T payload, JsonTypeInfo<T> typeInfo, IReadOnlyList<FileAttachment>? files)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo);
        if (files is not { Count: > 0 })
        {
            return () => JsonContent(json);
        }

        ValidateFiles(files);
        return () =>
        {
            var multipart = new MultipartFormDataContent();
            multipart.Add(JsonContent(json), "payload_json");
            for (var n = 0; n < files.Count; n++)
            {
                var file = new ReadOnlyMemoryContent(files[n].Content);
                file.Headers.ContentType = MediaTypeHeaderValue.Parse(files[n].ContentType);
                multipart.Add(file, $"files[{n}]", files[n].FileName);
            }

            return multipart;
        };
    }

    private static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private void ValidateFiles(IReadOnlyList<FileAttachment> files)
    {
        if (files.Count > MaxFilesPerMessage)
        {
            throw new ArgumentException($"A Discord message carries at most {MaxFilesPerMessage} files; got {files.Count}.", nameof(files));
        }

        long total = 0;
        foreach (var file in files)
        {
            if (string.IsNullOrWhiteSpace(file.FileName))
            {
                throw new ArgumentException("Every uploaded file needs a file name.", nameof(files));
            }

            total += file.Content.Length;
        }

        var limit = options.Value.MaxUploadBytes;
        if (total > limit)
        {
            throw new ArgumentException(
                $"The files total {total:N0} bytes, over the {limit:N0}-byte upload limit (Discord:MaxUploadBytes).", nameof(files));
        }
    }

    /// <summary>Unique for this process (and, through the start time, across restarts); Discord allows 25 characters.</summary>
    private string NextNonce() => _noncePrefix + Interlocked.Increment(ref _nonceCount).ToString(CultureInfo.InvariantCulture);

    private static string RequireToken(string interactionToken) =>
        string.IsNullOrEmpty(interactionToken)
            ? throw new ArgumentException("The interaction token is empty.", nameof(interactionToken))
            : interactionToken;

    private async Task<T> SendAsync<T>(RestRoute route, Func<HttpContent>? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(route, content, cancellationToken)
            ?? throw new DiscordRestException($"Discord answered a repeated {route.Template} without a body.");
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken)
                ?? throw new DiscordRestException(response.StatusCode, null, "empty response body", route.Template);
        }
        catch (JsonException e)
        {
            throw new DiscordRestException($"Discord returned an unreadable body for {route.Template}: {e.Message}", e);
        }
    }

    private async Task SendAsync(RestRoute route, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(route, content, cancellationToken);
    }

    /// <summary>
    /// Sends with rate limiting and retries; returns a successful response (the caller disposes it), or null when a
    /// repeat was answered with the route's <see cref="RestRoute.RepeatAnsweredCode"/> (an earlier attempt succeeded).
    /// The bucket's lease is held from the first attempt to the last, so a retried request keeps its place in line.
    /// </summary>
    private async Task<HttpResponseMessage?> SendCoreAsync(RestRoute route, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var lease = await rateLimiter.AcquireAsync(route, cancellationToken);
        var counts = new RestRetryCounts();
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                response = await _attempt.SendAsync(route, content, lease, cancellationToken);
            }
            catch (Exception e) when (TransientRetry.TransportFailure(e, cancellationToken) is { } failure)
            {
                if (!_transient.MayRetry(route, counts))
                {
                    throw new DiscordRestException($"Discord {route.Template} could not be sent: {failure}.", e);
                }

                await _transient.WaitAfterTransportFailureAsync(route, failure, lease, counts, cancellationToken);
                continue;
            }

            if (await _rateLimited.ShouldRetryAsync(response, route, lease, counts, cancellationToken)
                || await _transient.ShouldRetryAsync(response, route, lease, counts, cancellationToken))
            {
                continue;
            }

            return await _errors.SuccessOrThrowAsync(response, route, counts, cancellationToken);
        }
    }
}
