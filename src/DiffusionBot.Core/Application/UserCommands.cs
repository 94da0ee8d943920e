using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Text;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>What /settings changes: null leaves a default as it is, an empty text clears it.</summary>
public sealed record SettingsChange(string? NegativePrompt, string? Size, string? Scheduler, string? Model = null);

/// <summary>/queue as data: waiting jobs in order, the caller's positions and what is running.</summary>
public sealed record QueueView(int Waiting, IReadOnlyList<QueueEntry> Yours, IReadOnlyList<Job> Running);

/// <summary>/quota, /history, /queue and /settings.</summary>
public sealed class UserCommands(
    QuotaService quotas,
    IJobStore jobs,
    FairJobQueue queue,
    RunningJobs running,
    ISettingsStore settings,
    ModeratorPolicy policy,
    ModerationAudit audit,
    IModelCatalog catalog,
    IOptions<LimitsOptions> limits)
{
    public const int DefaultHistoryCount = 10;
    public const int MaxHistoryCount = 25;

    public Task<QuotaStatus> QuotaAsync(Member member, CancellationToken ct) => quotas.GetStatusAsync(member.UserId, ct);

    /// <summary>Own history by default; another user's only for moderators (audited). Newest first, deleted jobs left out.</summary>
    public async Task<Validated<IReadOnlyList<Job>>> HistoryAsync(Member member, ulong? userId, int? count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        var target = userId ?? member.UserId;
        var n = count ?? DefaultHistoryCount;
        if (n is < 1 or > MaxHistoryCount) return Validated.Fail<IReadOnlyList<Job>>($"Count must be between 1 and {MaxHistoryCount}.");
        if (target != member.UserId)
        {
            if (!policy.IsModerator(member)) return Validated.Fail<IReadOnlyList<Job>>("Only moderators can see another member's history.");
            await audit.RecordAsync(member, AuditActions.HistoryView, target, $"last {n}", ct);
        }
        var list = await jobs.ListByRequesterAsync(
            target, member.GuildId, n,
            [JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled], ct);
        return Validated.Ok(list);
    }

    public QueueView Queue(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var snapshot = queue.Snapshot();
        return new QueueView(snapshot.Count, snapshot.For(member.UserId), running.Current);
    }

    public Task<UserSettings> GetSettingsAsync(Member member, CancellationToken ct) => settings.GetAsync(member.UserId, ct);

    /// <summary>
    /// Changes the given defaults (null leaves one as it is, an empty string clears it back to the bot's default).
    /// Unknown sizes, schedulers or models are refused with the valid choices; a model is stored in the catalogue's spelling.
    /// </summary>
    public Task<Validated<UserSettings>> UpdateSettingsAsync(Member member, string? negativePrompt, string? size, string? scheduler, CancellationToken ct) =>
        UpdateSettingsAsync(member, new SettingsChange(negativePrompt, size, scheduler), ct);

    /// <inheritdoc cref="UpdateSettingsAsync(Member, string?, string?, string?, CancellationToken)"/>
    public async Task<Validated<UserSettings>> UpdateSettingsAsync(Member member, SettingsChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (negativePrompt, size, scheduler, model) = change;
        ArgumentNullException.ThrowIfNull(member);
        var l = limits.Value;
        var current = await settings.GetAsync(member.UserId, ct);
        if (negativePrompt is not null)
        {
            if (negativePrompt.Length > l.MaxPromptLength)
                return Validated.Fail<UserSettings>($"The negative prompt is {negativePrompt.Length} characters long; the limit is {l.MaxPromptLength}.");
            current = current with { NegativePrompt = Blank(negativePrompt) ? null : negativePrompt.Trim() };
        }
        if (size is not null)
        {
            // A member's default size applies to every model that allows it (the others use their own default).
            var sizes = catalog.Models.SelectMany(m => m.Sizes).Distinct().Select(s => s.ToString()).ToList();
            var match = Blank(size) ? null : ImagineRequestParser.Find(sizes, size.Trim());
            if (!Blank(size) && match is null) return Validated.Fail<UserSettings>($"Unknown size '{TextFit.Echo(size.Trim())}'. Choose one of: {string.Join(", ", sizes)}.");
            current = current with { Size = match };
        }
        if (scheduler is not null)
        {
            var schedulers = catalog.Models.SelectMany(m => m.Schedulers).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var match = Blank(scheduler) ? null : ImagineRequestParser.Find(schedulers, scheduler.Trim());
            if (!Blank(scheduler) && match is null) return Validated.Fail<UserSettings>($"Unknown scheduler '{TextFit.Echo(scheduler.Trim())}'. Choose one of: {string.Join(", ", schedulers)}.");
            current = current with { Scheduler = match };
        }
        if (model is not null)
        {
            ModelInfo? match = null;
            if (!Blank(model) && !catalog.TryFind(model.Trim(), out match)) return Validated.Fail<UserSettings>(ModelNames.Unknown(model, catalog));
            current = current with { Model = match?.Name };
        }
        await settings.SaveAsync(member.UserId, current, ct);
        return Validated.Ok(current);
    }

    /// <summary>Whether the member's saved default model is still in the catalogue (true when none is saved).</summary>
    public bool IsOffered(UserSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return saved.Model is null || catalog.TryFind(saved.Model, out _);
    }

    /// <summary>The model /imagine uses for this member when it names none.</summary>
    public string DefaultModelFor(UserSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return catalog.TryFind(saved.Model, out var model) ? model.Name : catalog.Default.Name;
    }

    private static bool Blank(string value) => string.IsNullOrWhiteSpace(value);
}
