using System.Globalization;
using System.Text;
using DiffusionBot.Bot.Commands;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Discord.Models;
using Microsoft.Extensions.Options;
using static DiffusionBot.Bot.Interactions.InteractionMapping;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// Slash commands. /imagine is deferred publicly (its answer becomes the job's message; a refusal is replaced by an
/// ephemeral note, nothing charged); every other command is deferred ephemerally and answered privately.
/// </summary>
internal sealed class SlashCommandHandler(
    ImagineUseCase imagine,
    UserCommands users,
    ModeratorCommands moderators,
    InteractionReplies replies,
    IOptions<LimitsOptions> limits,
    IOptions<QuotaOptions> quotaOptions,
    TimeProvider time)
{
    public async Task HandleAsync(Interaction interaction, Action acknowledged, CancellationToken ct)
    {
        var receivedAt = time.GetUtcNow();
        var name = interaction.Data?.Name ?? "";
        if (!BotCommands.Names.Contains(name))
        {
            await replies.ReplyAsync(interaction, $"Unknown command '/{name}'. Try /help.", ephemeral: true, ct);
            acknowledged();
            return;
        }

        var isImagine = name == BotCommands.Imagine;
        await replies.DeferAsync(interaction, ephemeral: !isImagine, ct);
        acknowledged();

        var member = ToMember(interaction);
        var values = Values(interaction.Data!.GetLeafOptions());
        if (isImagine)
        {
            var options = ToImagineOptions(values);
            if (!options.Success)
            {
                await replies.RefuseAsync(interaction, options.Error, ct);
                return;
            }
            var command = new ImagineCommand(member, interaction.ChannelId ?? 0, ToRef(interaction, receivedAt), options.Value);
            var outcome = await imagine.SubmitAsync(command, ct);
            if (!outcome.Accepted) await replies.RefuseAsync(interaction, outcome.Message, ct);
            return;
        }

        var text = name switch
        {
            BotCommands.Quota => await QuotaAsync(member, interaction.Data.GetSubcommandPath(), values, ct),
            BotCommands.History => await HistoryAsync(member, values, ct),
            BotCommands.Queue => Queue(member),
            BotCommands.Settings => await SettingsAsync(member, values, ct),
            BotCommands.Banned => await BannedAsync(member, interaction.Data.GetSubcommandPath(), values, ct),
            _ => HelpText.Build(limits.Value, quotaOptions.Value),
        };
        await replies.EditAsync(interaction, text, ct);
    }

    private async Task<string> QuotaAsync(Member member, string sub, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var user = Snowflake(values, "user");
        var amount = Long(values, "amount");
        if (sub is "set" or "grant" or "reset" && user is null) return "Name the member with the `user` option.";
        if (amount is < int.MinValue or > int.MaxValue) return "That amount is out of range.";
        var result = sub switch
        {
            "set" when amount is { } a => await moderators.SetQuotaAsync(member, user!.Value, (int)a, ct),
            "grant" when amount is { } a => await moderators.GrantQuotaAsync(member, user!.Value, (int)a, ct),
            "set" or "grant" => CommandResult.Fail("Give the `amount`."),
            "reset" => await moderators.ResetQuotaAsync(member, user!.Value, ct),
            "default" => await moderators.SetDefaultQuotaAsync(member, amount is { } d ? (int)d : null, ct),
            _ => null,
        };
        if (result is not null) return result.Message;
        return Describe(await users.QuotaAsync(member, ct));
    }

    private static string Describe(QuotaStatus status) =>
        $"You have {status.LeftText} left (used {status.Used}); resets at {status.ResetsAtText}.";

    private async Task<string> HistoryAsync(Member member, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var count = Long(values, "count");
        if (count is < 1 or > UserCommands.MaxHistoryCount) return $"Count must be between 1 and {UserCommands.MaxHistoryCount}.";
        var result = await users.HistoryAsync(member, Snowflake(values, "user"), (int?)count, ct);
        if (!result.Success) return result.Error;
        if (result.Value.Count == 0) return "No images yet.";
        var text = new StringBuilder();
        foreach (var job in result.Value)
        {
            var seed = job.Images.Count > 0 ? job.Images[0].Seed : job.Parameters.Seed;
            text.Append(CultureInfo.InvariantCulture,
                $"`{job.Id}` {job.Kind} {job.Status} <t:{job.CreatedAt.ToUnixTimeSeconds()}:R> — {ResultMessageText(job.Parameters.Prompt)} ({job.Parameters.SizeText}, seed {seed})\n");
        }
        return text.ToString().TrimEnd();
    }

    private static string ResultMessageText(string prompt) => Notifications.ResultMessage.Truncate(prompt.ReplaceLineEndings(" "), 80);

    private string Queue(Member member)
    {
        var view = users.Queue(member);
        var text = $"{view.Waiting} job(s) waiting, {view.Running.Count} running.";
        if (view.Yours.Count > 0) text += " Yours at position " + string.Join(", ", view.Yours.Select(e => e.Position)) + ".";
        return text;
    }

    private async Task<string> SettingsAsync(Member member, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var negative = String(values, "negative");
        var size = String(values, "size");
        var scheduler = String(values, "scheduler");
        if (negative is null && size is null && scheduler is null)
            return Describe(await users.GetSettingsAsync(member, ct), "Your defaults");
        var result = await users.UpdateSettingsAsync(member, negative, size, scheduler, ct);
        return result.Success ? Describe(result.Value, "Saved. Your defaults") : result.Error;
    }

    private string Describe(Core.Commands.UserSettings settings, string heading)
    {
        var l = limits.Value;
        return $"{heading}: negative `{settings.NegativePrompt ?? "(none)"}`, size `{settings.Size ?? l.EffectiveDefaultSize}`, " +
               $"scheduler `{settings.Scheduler ?? l.EffectiveDefaultScheduler}`. Set an option to an empty text to go back to the bot's default.";
    }

    private async Task<string> BannedAsync(Member member, string sub, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var word = String(values, "word") ?? "";
        var result = sub switch
        {
            "add" => await moderators.AddBannedWordAsync(member, word, ct),
            "remove" => await moderators.RemoveBannedWordAsync(member, word, ct),
            _ => await moderators.ListBannedWordsAsync(member, ct),
        };
        return result.Message;
    }
}
