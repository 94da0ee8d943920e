using DiffusionBot.Bot.Commands;
using DiffusionBot.Core.Application;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Quotas;
using DiffusionBot.Core.Text;
using DiffusionBot.Discord.Models;
using Microsoft.Extensions.Options;
using static DiffusionBot.Bot.Interactions.InteractionMapping;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// Slash commands. /imagine and /upscale are deferred publicly (the answer becomes the job's message; a refusal, an
/// unusable attached file included, is replaced by an ephemeral note, nothing charged); every other command is deferred
/// ephemerally and answered privately.
/// </summary>
internal sealed class SlashCommandHandler(
    ImagineUseCase imagine,
    UpscaleUploadUseCase upscale,
    AttachedImage attached,
    UserCommands users,
    ModeratorCommands moderators,
    StatsCommand stats,
    InteractionReplies replies,
    TokensReply tokens,
    IModelCatalog catalog,
    IAdditionalModels additionalModels,
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
            await replies.ReplyAsync(interaction, $"Unknown command '/{TextFit.Echo(name)}'. Try /help.", ephemeral: true, ct);
            acknowledged();
            return;
        }

        var isImagine = name == BotCommands.Imagine;
        var makesJob = isImagine || name == BotCommands.Upscale;
        await replies.DeferAsync(interaction, ephemeral: !makesJob, ct);
        acknowledged();

        var member = ToMember(interaction);
        var values = Values(interaction.Data!.GetLeafOptions());
        if (makesJob)
        {
            var outcome = isImagine
                ? await ImagineAsync(interaction, member, values, ToRef(interaction, receivedAt), ct)
                : await UpscaleAsync(interaction, member, ToRef(interaction, receivedAt), ct);
            if (!outcome.Accepted) await replies.RefuseAsync(interaction, outcome.Message, ct);
            foreach (var notice in outcome.Accepted ? outcome.Notices : [])
                await replies.FollowUpEphemeralAsync(interaction, notice, ct);
            return;
        }

        if (name == BotCommands.History)
        {
            await HistoryAsync(interaction, member, values, ct);
            return;
        }
        if (name == BotCommands.Stats)
        {
            await StatsAsync(interaction, member, values, ct);
            return;
        }
        if (name is BotCommands.Models or BotCommands.Loras or BotCommands.Embeddings)
        {
            await ListingAsync(interaction, name, ct);
            return;
        }

        var text = name switch
        {
            BotCommands.Quota => await QuotaAsync(member, interaction.Data.GetSubcommandPath(), values, ct),
            BotCommands.Queue => Queue(member),
            BotCommands.Settings => await SettingsAsync(member, values, ct),
            BotCommands.Banned => await BannedAsync(member, interaction.Data.GetSubcommandPath(), values, ct),
            BotCommands.Tokens => await tokens.BuildAsync(String(values, "prompt"), ct),
            _ => HelpText.Build(catalog, limits.Value, quotaOptions.Value),
        };
        await replies.EditAsync(interaction, text, ct);
    }

    private async Task<SubmitOutcome> ImagineAsync(
        Interaction interaction, Member member, IReadOnlyDictionary<string, object> values, InteractionRef origin, CancellationToken ct)
    {
        var options = ToImagineOptions(values);
        if (!options.Success) return SubmitOutcome.Refused(options.Error);
        var image = await attached.FetchAsync(interaction, ImagineOptionNames.Image, ct);
        if (image is { Success: false }) return SubmitOutcome.Refused(image.Error);
        return await imagine.SubmitAsync(new ImagineCommand(member, interaction.ChannelId ?? 0, origin, options.Value, image?.Value), ct);
    }

    private async Task<SubmitOutcome> UpscaleAsync(Interaction interaction, Member member, InteractionRef origin, CancellationToken ct)
    {
        var image = await attached.FetchAsync(interaction, ImagineOptionNames.Image, ct);
        if (image is null) return SubmitOutcome.Refused("Attach the picture to upscale as `image`.");
        if (!image.Success) return SubmitOutcome.Refused(image.Error);
        return await upscale.SubmitAsync(new UpscaleCommand(member, interaction.ChannelId ?? 0, origin, image.Value), ct);
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

    private async Task HistoryAsync(Interaction interaction, Member member, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var count = Long(values, "count");
        if (count is < 1 or > UserCommands.MaxHistoryCount)
        {
            await replies.EditAsync(interaction, $"Count must be between 1 and {UserCommands.MaxHistoryCount}.", ct);
            return;
        }
        var result = await users.HistoryAsync(member, Snowflake(values, "user"), (int?)count, ct);
        if (!result.Success) await replies.EditAsync(interaction, result.Error, ct);
        else if (result.Value.Count == 0) await replies.EditAsync(interaction, HistoryText.Empty, ct);
        else await replies.EditAsync(interaction, new Embed { Title = "History", Description = HistoryText.Build(result.Value) }, ct);
    }

    private async Task StatsAsync(Interaction interaction, Member member, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var days = Long(values, "days");
        if (days is < 1 or > StatsCommand.MaxDays)
        {
            await replies.EditAsync(interaction, $"Days must be between 1 and {StatsCommand.MaxDays}.", ct);
            return;
        }
        var result = await stats.GetAsync(member, (int?)days, ct);
        if (!result.Success)
        {
            await replies.EditAsync(interaction, result.Error, ct);
            return;
        }
        await replies.EditAsync(interaction, new Embed
        {
            Title = "Stats",
            Description = StatsText.Heading(result.Value),
            Fields = [.. StatsText.Fields(result.Value).Select(f => new EmbedField { Name = f.Name, Value = f.Value, Inline = f.Inline })],
        }, ct);
    }

    /// <summary>/models, /loras and /embeddings: one embed, its description cut with "…and N more" when long.</summary>
    private async Task ListingAsync(Interaction interaction, string name, CancellationToken ct)
    {
        var (title, text) = name switch
        {
            BotCommands.Models => (ModelsText.Title, ModelsText.Build(catalog)),
            BotCommands.Loras => (AdditionalModelsText.LorasTitle, AdditionalModelsText.Loras(await additionalModels.ListLorasAsync(ct))),
            _ => (AdditionalModelsText.EmbeddingsTitle, AdditionalModelsText.Embeddings(await additionalModels.ListEmbeddingsAsync(ct))),
        };
        await replies.EditAsync(interaction, new Embed { Title = title, Description = text }, ct);
    }

    private string Queue(Member member) => QueueText.Build(users.Queue(member));

    /// <summary>How much of a saved negative prompt /settings repeats (it may be up to Limits:MaxPromptLength long).</summary>
    private const int SettingsNegativeShown = 1500;

    private async Task<string> SettingsAsync(Member member, IReadOnlyDictionary<string, object> values, CancellationToken ct)
    {
        var negative = String(values, "negative");
        var size = String(values, "size");
        var scheduler = String(values, "scheduler");
        var model = String(values, ImagineOptionNames.Model);
        if (negative is null && size is null && scheduler is null && model is null)
            return Describe(await users.GetSettingsAsync(member, ct), "Your defaults");
        var result = await users.UpdateSettingsAsync(member, new SettingsChange(negative, size, scheduler, model), ct);
        return result.Success ? Describe(result.Value, "Saved. Your defaults") : result.Error;
    }

    private string Describe(Core.Commands.UserSettings settings, string heading)
    {
        var negative = settings.NegativePrompt is { } n ? TextFit.Truncate(n.ReplaceLineEndings(" "), SettingsNegativeShown) : "(none)";
        var model = catalog.TryFind(users.DefaultModelFor(settings), out var found) ? found : catalog.Default;
        var modelText = users.IsOffered(settings)
            ? $"model `{model.Name}`"
            : $"model `{model.Name}` (your saved `{TextFit.Echo(settings.Model!)}` is no longer offered)";
        return $"{heading}: negative `{negative}`, size `{settings.Size ?? model.DefaultSize.ToString()}`, " +
               $"scheduler `{settings.Scheduler ?? model.DefaultScheduler}` (a model that does not offer yours uses its own), {modelText}. Set an option to an empty text to go back to the bot's default.";
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
