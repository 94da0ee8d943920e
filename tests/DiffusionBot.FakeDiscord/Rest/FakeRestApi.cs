using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace DiffusionBot.FakeDiscord.Rest;

/// <summary>
/// The fake Discord REST routes under /api/v10 (all but /gateway/bot, which the gateway part serves). Records every
/// request; refuses message bodies over Discord's limits as Discord does (<see cref="MessageBodyLimits"/>); answers
/// with scripted responses when queued, otherwise with plausible defaults (messages echo their content and uploaded
/// files, commands get ids, callbacks 204).
/// </summary>
public sealed class FakeRestApi
{
    public const string CreateMessage = "POST /channels/{channel_id}/messages";
    public const string EditMessage = "PATCH /channels/{channel_id}/messages/{message_id}";
    public const string DeleteMessage = "DELETE /channels/{channel_id}/messages/{message_id}";
    public const string CreateReaction = "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me";
    public const string InteractionCallback = "POST /interactions/{interaction_id}/{interaction_token}/callback";
    public const string GetOriginal = "GET /webhooks/{application_id}/{interaction_token}/messages/@original";
    public const string EditOriginal = "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original";
    public const string DeleteOriginal = "DELETE /webhooks/{application_id}/{interaction_token}/messages/@original";
    public const string CreateFollowup = "POST /webhooks/{application_id}/{interaction_token}";
    public const string EditFollowup = "PATCH /webhooks/{application_id}/{interaction_token}/messages/{message_id}";
    public const string DeleteFollowup = "DELETE /webhooks/{application_id}/{interaction_token}/messages/{message_id}";
    public const string OverwriteGlobalCommands = "PUT /applications/{application_id}/commands";
    public const string OverwriteGuildCommands = "PUT /applications/{application_id}/guilds/{guild_id}/commands";

    private readonly Lock _sync = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, Queue<ScriptedResponse>> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketSimulation> _buckets = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan GlobalGrace = TimeSpan.FromMilliseconds(100);

    private TimeSpan _globalClosedAt = TimeSpan.MinValue;
    private TimeSpan _globalClosedUntil = TimeSpan.MinValue;
    private long _sequence;
    private long _nextId = 1_100_000_000_000_000_000;
    private int _globalViolations;

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>
    /// Requests to non-interaction routes that arrived while a scripted global 429 was in force (those arriving within
    /// 100 ms of the 429 are excused: they may have been sent before the client saw it).
    /// </summary>
    public int GlobalViolations
    {
        get
        {
            lock (_sync)
            {
                return _globalViolations;
            }
        }
    }

    /// <summary>Requests that arrived while a simulated bucket was known to be exhausted, summed over all buckets.</summary>
    public int BucketViolations
    {
        get
        {
            lock (_sync)
            {
                return _buckets.Values.Sum(b => b.Violations);
            }
        }
    }

    /// <summary>Queues responses for the next requests to <paramref name="route"/> (e.g. <see cref="CreateMessage"/>).</summary>
    public void Script(string route, params IEnumerable<ScriptedResponse> responses)
    {
        lock (_sync)
        {
            if (!_scripts.TryGetValue(route, out var queue))
            {
                queue = new Queue<ScriptedResponse>();
                _scripts[route] = queue;
            }

            foreach (var response in responses)
            {
                queue.Enqueue(response);
            }
        }
    }

    /// <summary>Requests after <paramref name="afterSequence"/> refused with 400 / 50035 for breaking Discord's message
    /// limits (see <see cref="RecordedRequest.FormErrors"/>): a bot under test should have none.</summary>
    public IReadOnlyList<RecordedRequest> RefusedForTheirBody(long afterSequence = 0)
    {
        lock (_sync)
        {
            return [.. _requests.Where(r => r.Sequence > afterSequence && r.FormErrors is not null)];
        }
    }

    /// <summary>Enforces a rate-limit bucket on <paramref name="route"/> and announces it with headers.</summary>
    public BucketSimulation SimulateBucket(string route, int limit, TimeSpan resetAfter, string hash)
    {
        var bucket = new BucketSimulation(limit, resetAfter, hash);
        lock (_sync)
        {
            _buckets[route] = bucket;
        }

        return bucket;
    }

    /// <summary>
    /// Waits for an answered request matching <paramref name="predicate"/> (already answered or still to come);
    /// throws <see cref="TimeoutException"/> listing what was received.
    /// </summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                var match = _requests.FirstOrDefault(r => r.StatusCode != 0 && predicate(r));
                if (match is not null)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching REST request within {timeout}. Received: {string.Join(", ", Requests)}");
            }
        }
    }

    internal void Map(WebApplication app)
    {
        MapRoute(app, CreateMessage, "/api/v10/channels/{channel_id}/messages", ctx => MessageJson(ctx));
        MapRoute(app, EditMessage, "/api/v10/channels/{channel_id}/messages/{message_id}", ctx => MessageJson(ctx));
        MapRoute(app, DeleteMessage, "/api/v10/channels/{channel_id}/messages/{message_id}", _ => null);
        MapRoute(app, CreateReaction, "/api/v10/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", _ => null);
        MapRoute(app, InteractionCallback, "/api/v10/interactions/{interaction_id}/{interaction_token}/callback", _ => null);
        MapRoute(app, GetOriginal, "/api/v10/webhooks/{application_id}/{interaction_token}/messages/@original", ctx => MessageJson(ctx));
        MapRoute(app, EditOriginal, "/api/v10/webhooks/{application_id}/{interaction_token}/messages/@original", ctx => MessageJson(ctx));
        MapRoute(app, DeleteOriginal, "/api/v10/webhooks/{application_id}/{interaction_token}/messages/@original", _ => null);
        MapRoute(app, CreateFollowup, "/api/v10/webhooks/{application_id}/{interaction_token}", ctx => MessageJson(ctx));
        MapRoute(app, EditFollowup, "/api/v10/webhooks/{application_id}/{interaction_token}/messages/{message_id}", ctx => MessageJson(ctx));
        MapRoute(app, DeleteFollowup, "/api/v10/webhooks/{application_id}/{interaction_token}/messages/{message_id}", _ => null);
        MapRoute(app, OverwriteGlobalCommands, "/api/v10/applications/{application_id}/commands", ctx => CommandsJson(ctx));
        MapRoute(app, OverwriteGuildCommands, "/api/v10/applications/{application_id}/guilds/{guild_id}/commands", ctx => CommandsJson(ctx));
    }

    private void MapRoute(WebApplication app, string route, string pattern, Func<RequestContext, string?> defaultJson)
    {
        var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
        app.MapMethods(pattern, [method], context => HandleAsync(context, route, defaultJson));
    }

    private async Task HandleAsync(HttpContext context, string route, Func<RequestContext, string?> defaultJson)
    {
        var request = await RecordAsync(context, route);
        var formErrors = MessageBodyLimits.Check(route, ParseBody(request));
        ScriptedResponse? scripted = null;
        BucketSimulation? bucket;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var admitted = true;
        var retryAfter = TimeSpan.Zero;
        var globalExempt = route.Contains("{interaction_token}", StringComparison.Ordinal);
        lock (_sync)
        {
            var now = _clock.Elapsed;
            // Requests the client sent before it could have seen the global 429 are not its fault.
            if (!globalExempt && now > _globalClosedAt + GlobalGrace && now + TimeSpan.FromMilliseconds(5) < _globalClosedUntil)
            {
                _globalViolations++;
            }

            if (_buckets.TryGetValue(route, out bucket))
            {
                admitted = bucket.TryAdmit(now, out retryAfter);
            }

            if (admitted && formErrors is null && _scripts.TryGetValue(route, out var queue) && queue.Count > 0)
            {
                scripted = queue.Dequeue();
                if (scripted.RetryAfter is { } scriptedRetry)
                {
                    bucket?.Refund();
                    if (scripted.Global)
                    {
                        _globalClosedAt = now;
                        _globalClosedUntil = now + scriptedRetry;
                    }
                    else
                    {
                        bucket?.Close(now, scriptedRetry);
                    }
                }
            }

            if (bucket is not null && scripted?.Global != true)
            {
                bucket.AddHeaders(headers, now);
            }
        }

        int status;
        string? json;
        if (!admitted)
        {
            status = 429;
            var violation = ScriptedResponse.RateLimited(retryAfter);
            json = violation.Json;
            headers["Retry-After"] = violation.Headers!["Retry-After"];
        }
        else if (formErrors is not null)
        {
            status = 400;
            json = MessageBodyLimits.ErrorJson(formErrors);
        }
        else if (scripted is not null)
        {
            if (scripted.Delay > TimeSpan.Zero)
            {
                await Task.Delay(scripted.Delay, context.RequestAborted);
            }

            status = scripted.StatusCode;
            json = scripted.Json;
            foreach (var (name, value) in scripted.Headers ?? new Dictionary<string, string>())
            {
                headers[name] = value;
            }
        }
        else
        {
            json = defaultJson(new RequestContext(request, this));
            status = json is null ? 204 : 200;
        }

        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.StatusCode = status;
        if (json is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json, context.RequestAborted);
        }

        lock (_sync)
        {
            request.FormErrors = formErrors;
            request.StatusCode = status;
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context, string route)
    {
        var http = context.Request;
        string? body = null;
        var files = new List<RecordedFile>();
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(context.RequestAborted);
            body = form.TryGetValue("payload_json", out var payload) ? payload.ToString() : null;
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, context.RequestAborted);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, buffer.ToArray()));
            }
        }
        else if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(http.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var routeValues = context.GetRouteData().Values
            .ToDictionary(kv => kv.Key, kv => Uri.UnescapeDataString(Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? ""), StringComparer.Ordinal);
        var headers = http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_sync)
        {
            var request = new RecordedRequest
            {
                Sequence = ++_sequence,
                Method = http.Method,
                Path = http.Path.Value ?? "",
                RawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "",
                Query = http.QueryString.Value ?? "",
                Route = route,
                RouteValues = routeValues,
                Headers = headers,
                ContentType = http.ContentType,
                Body = body,
                Files = files,
                ReceivedAt = _clock.Elapsed,
            };
            _requests.Add(request);
            return request;
        }
    }

    private static JsonNode? ParseBody(RecordedRequest request)
    {
        try
        {
            return request.Json;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private string NextId()
    {
        lock (_sync)
        {
            return (++_nextId).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string? MessageJson(RequestContext ctx)
    {
        var request = ctx.Request;
        var body = request.Json as JsonObject ?? [];
        var values = request.RouteValues;
        var attachments = new JsonArray();
        for (var n = 0; n < request.Files.Count; n++)
        {
            var file = request.Files[n];
            attachments.Add(new JsonObject
            {
                ["id"] = ctx.Api.NextId(),
                ["filename"] = file.FileName,
                ["size"] = file.Content.Length,
                ["url"] = $"https://cdn.example.invalid/attachments/{n}/{file.FileName}",
                ["proxy_url"] = $"https://media.example.invalid/attachments/{n}/{file.FileName}",
                ["content_type"] = file.ContentType,
            });
        }

        var message = new JsonObject
        {
            ["id"] = values.GetValueOrDefault("message_id") is { } id && id != "@original" ? id : ctx.Api.NextId(),
            ["channel_id"] = values.GetValueOrDefault("channel_id") ?? "1000000000000000001",
            ["author"] = new JsonObject { ["id"] = values.GetValueOrDefault("application_id") ?? "1000000000000000002", ["username"] = "FakeBot", ["bot"] = true },
            ["content"] = body["content"]?.DeepClone() ?? "",
            ["timestamp"] = "2026-01-01T00:00:00.000000+00:00",
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = attachments,
            ["embeds"] = body["embeds"]?.DeepClone() ?? new JsonArray(),
            ["components"] = body["components"]?.DeepClone() ?? new JsonArray(),
            ["pinned"] = false,
            ["type"] = 0,
        };
        if (body["flags"] is { } flags)
        {
            message["flags"] = flags.DeepClone();
        }

        return message.ToJsonString();
    }

    private static string? CommandsJson(RequestContext ctx)
    {
        var commands = ctx.Request.Json as JsonArray ?? [];
        var result = new JsonArray();
        foreach (var command in commands)
        {
            var copy = command!.DeepClone().AsObject();
            copy["id"] = ctx.Api.NextId();
            copy["application_id"] = ctx.Request.RouteValues["application_id"];
            copy["version"] = ctx.Api.NextId();
            copy["type"] ??= 1;
            if (ctx.Request.RouteValues.TryGetValue("guild_id", out var guildId))
            {
                copy["guild_id"] = guildId;
            }

            result.Add(copy);
        }

        return result.ToJsonString();
    }

    private sealed record RequestContext(RecordedRequest Request, FakeRestApi Api);
}
