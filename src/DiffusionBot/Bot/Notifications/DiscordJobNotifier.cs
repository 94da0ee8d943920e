using System.Diagnostics;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;
using DiffusionBot.Discord.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Notifications;

/// <summary>
/// Shows a job on Discord: while the interaction token is valid it edits the original (deferred) answer; after that it
/// posts a channel message mentioning the requester. Updates of one job are serialized and stale ones (a queue position
/// arriving after the result) are dropped. It only posts: the worker saves the job with the id of the message it returns.
/// </summary>
internal sealed class DiscordJobNotifier(
    IDiscordRestClient rest,
    InteractionTokenPolicy tokens,
    IOptions<ModelsOptions> models,
    TimeProvider time,
    ILogger<DiscordJobNotifier> logger) : IJobNotifier, IDisposable
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public Task QueuedAsync(Job job, int position, CancellationToken cancellationToken) =>
        UnderLockAsync(job, async () =>
        {
            if (job.Status != JobStatus.Queued || !TokenValid(job)) return;
            await EditOriginalAsync(job, new MessageEdit { Content = ResultMessage.Queued(position), Components = ResultMessage.CancelOnly(job), AllowedMentions = AllowedMentions.None }, null, cancellationToken);
        }, cancellationToken);

    public Task ProgressAsync(Job job, int step, int totalSteps, CancellationToken cancellationToken) =>
        UnderLockAsync(job, async () =>
        {
            if (job.Status != JobStatus.Running || !TokenValid(job)) return;
            await EditOriginalAsync(job, new MessageEdit { Content = ResultMessage.Progress(step, totalSteps), Components = ResultMessage.CancelOnly(job), AllowedMentions = AllowedMentions.None }, null, cancellationToken);
        }, cancellationToken);

    public Task PhaseAsync(Job job, string phase, CancellationToken cancellationToken) =>
        UnderLockAsync(job, async () =>
        {
            if (job.Status != JobStatus.Running || !TokenValid(job)) return;
            await EditOriginalAsync(job, new MessageEdit { Content = TextFit.Truncate(phase, MessageLimits.Content), Components = ResultMessage.CancelOnly(job), AllowedMentions = AllowedMentions.None }, null, cancellationToken);
        }, cancellationToken);

    public async Task<ulong?> CompletedAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken cancellationToken)
    {
        ulong? messageId = null;
        await UnderLockAsync(job, async () =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var (posted, bytes) = await PostResultAsync(job, images, cancellationToken);
                messageId = posted.Id;
                BotLog.Posted(logger, job.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The image is stored and the job succeeded; the requester must still hear that, not see "Generating…" forever.
                BotLog.NotifyFailed(logger, ex, job.Id, "result");
                await ShowTextAsync(job, ResultMessage.NotPosted(job), cancellationToken);
            }
        }, cancellationToken);
        return messageId;
    }

    public Task FailedAsync(Job job, string reason, CancellationToken cancellationToken) =>
        FinalTextAsync(job, "❌ " + reason, cancellationToken);

    public Task CancelledAsync(Job job, CancellationToken cancellationToken) =>
        FinalTextAsync(job, "✖ Cancelled. Your quota was refunded.", cancellationToken);

    public Task WaitingAsync(Job job, string note, CancellationToken cancellationToken) =>
        UnderLockAsync(job, async () =>
        {
            if (job.Status != JobStatus.Running || !TokenValid(job)) return;
            await EditOriginalAsync(job, new MessageEdit { Content = "⏳ " + note, Components = ResultMessage.CancelOnly(job), AllowedMentions = AllowedMentions.None }, null, cancellationToken);
        }, cancellationToken);

    public Task DeletedAsync(Job job, CancellationToken cancellationToken) =>
        UnderLockAsync(job, async () =>
        {
            if (TokenValid(job))
            {
                var interaction = job.Origin.Interaction!;
                if (await TryAsync(job, "delete", async () => { await rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, cancellationToken); return new object(); }) is not null)
                    return;
            }
            if (job.MessageId is { } messageId)
                await rest.DeleteMessageAsync(job.ChannelId, messageId, cancellationToken);
        }, cancellationToken);

    public void Dispose()
    {
        foreach (var stripe in _stripes) stripe.Dispose();
    }

    private Task FinalTextAsync(Job job, string text, CancellationToken cancellationToken) =>
        UnderLockAsync(job, () => ShowTextAsync(job, text, cancellationToken), cancellationToken);

    /// <summary>The result image: an edit of the original answer while the token lasts, else a channel message.</summary>
    private async Task<(Message Posted, int Bytes)> PostResultAsync(Job job, IReadOnlyList<JobImage> images, CancellationToken cancellationToken)
    {
        var file = ResultMessage.File(job, images);
        var embed = ResultMessage.Embed(job, file.FileName, ModelUsed(job));
        var buttons = ResultMessage.Buttons(job);
        Message? posted = null;
        if (TokenValid(job))
        {
            posted = await TryAsync(job, "result", () => EditOriginalAsync(job, new MessageEdit
            {
                Content = ResultMessage.CompletedContent(job, images, mention: false),
                Embeds = [embed],
                Components = buttons,
                Attachments = [],
                AllowedMentions = AllowedMentions.None,
            }, [file], cancellationToken));
        }
        posted ??= await rest.CreateMessageAsync(job.ChannelId, MessageFit.Fit(new MessageCreate
        {
            Content = ResultMessage.CompletedContent(job, images, mention: true),
            Embeds = [embed],
            Components = buttons,
            AllowedMentions = new AllowedMentions { Users = [job.RequesterId] },
        }), [file], cancellationToken);
        return (posted, file.Content.Length);
    }

    /// <summary>A text that replaces the job's message (no image, no buttons), or a channel message mentioning the requester.</summary>
    private async Task ShowTextAsync(Job job, string text, CancellationToken cancellationToken)
    {
        if (TokenValid(job))
        {
            var edited = await TryAsync(job, "final", () => EditOriginalAsync(job, new MessageEdit { Content = text, Components = [], Embeds = [], AllowedMentions = AllowedMentions.None }, null, cancellationToken));
            if (edited is not null) return;
        }
        await rest.CreateMessageAsync(job.ChannelId, MessageFit.Fit(new MessageCreate
        {
            Content = $"<@{job.RequesterId}> {text}",
            AllowedMentions = new AllowedMentions { Users = [job.RequesterId] },
        }), null, cancellationToken);
    }

    private string ModelUsed(Job job) =>
        ResultMessage.ModelField(job.Parameters.Model, demo: models.Value.Entries.Values.All(e => string.IsNullOrWhiteSpace(e.Path)));

    private bool TokenValid(Job job) => tokens.IsInteractionTokenValid(job, time.GetUtcNow());

    private Task<Message> EditOriginalAsync(Job job, MessageEdit edit, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken)
    {
        var interaction = job.Origin.Interaction!;
        return rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, MessageFit.Fit(edit), files, cancellationToken);
    }

    /// <summary>An interaction edit that Discord refuses (token revoked, message gone) falls back to the channel.</summary>
    private async Task<T?> TryAsync<T>(Job job, string stage, Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (DiscordRestException ex)
        {
            BotLog.NotifyFailed(logger, ex, job.Id, stage);
            return null;
        }
    }

    private async Task UnderLockAsync(Job job, Func<Task> action, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((ulong)job.Id.Value % (ulong)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            await action();
        }
        finally
        {
            stripe.Release();
        }
    }
}
