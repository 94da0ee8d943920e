using DiffusionBot.Core.Options;
using O = DiffusionBot.Core.Commands.CommandOptionSpec;
using T = DiffusionBot.Core.Commands.CommandOptionType;

namespace DiffusionBot.Core.Commands;

/// <summary>Names of the bot's slash commands and subcommands.</summary>
public static class CommandNames
{
    public const string Imagine = "imagine";
    public const string Quota = "quota";
    public const string QuotaMe = "me";
    public const string QuotaSet = "set";
    public const string QuotaGrant = "grant";
    public const string QuotaReset = "reset";
    public const string QuotaDefault = "default";
    public const string History = "history";
    public const string Queue = "queue";
    public const string Settings = "settings";
    public const string Help = "help";
    public const string BannedWords = "bannedwords";
    public const string BannedWordsAdd = "add";
    public const string BannedWordsRemove = "remove";
    public const string BannedWordsList = "list";
}

/// <summary>
/// The commands to register, with choices from configuration. Discord cannot run a command that has subcommands
/// without one, so "/quota" alone is "/quota me"; moderator subcommands are checked at run time, not hidden.
/// </summary>
public static class SlashCommandCatalog
{
    public static IReadOnlyList<CommandSpec> Build(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var user = new O("user", "The member", T.User, Required: true);
        return
        [
            new(CommandNames.Imagine, "Generate an image from a text prompt",
            [
                new(ImagineOptionNames.Prompt, "What to draw", T.String, Required: true, MaxLength: limits.MaxPromptLength),
                new(ImagineOptionNames.Negative, "What to avoid", T.String, MaxLength: limits.MaxPromptLength),
                new(ImagineOptionNames.Seed, "Seed for a repeatable result", T.Integer, MinValue: 0, MaxValue: ImagineRequestParser.MaxSeed),
                new(ImagineOptionNames.Steps, "Denoising steps", T.Integer, MinValue: limits.MinSteps, MaxValue: limits.MaxSteps),
                new(ImagineOptionNames.Guidance, "How closely to follow the prompt", T.Number, MinValue: limits.MinGuidance, MaxValue: limits.MaxGuidance),
                new(ImagineOptionNames.Size, "Image size", T.String, Choices: limits.SizeChoices),
                new(ImagineOptionNames.Count, "Number of images (1-4)", T.Integer, MinValue: ImagineRequestParser.MinCount, MaxValue: ImagineRequestParser.MaxCount),
                new(ImagineOptionNames.Model, "Model", T.String, Choices: limits.ModelChoices),
                new(ImagineOptionNames.Scheduler, "Scheduler", T.String, Choices: limits.SchedulerChoices),
            ]),
            new(CommandNames.Quota, "Image quota",
            [
                new(CommandNames.QuotaMe, "Your remaining quota and when it resets", T.SubCommand, Options: []),
                new(CommandNames.QuotaSet, "Moderators: set a member's allowance", T.SubCommand, Options: [user, new O("allowance", "Units per window", T.Integer, Required: true, MinValue: 0)]),
                new(CommandNames.QuotaGrant, "Moderators: grant extra units for this window", T.SubCommand, Options: [user, new O("amount", "Extra units", T.Integer, Required: true, MinValue: 1)]),
                new(CommandNames.QuotaReset, "Moderators: reset a member's usage", T.SubCommand, Options: [user]),
                new(CommandNames.QuotaDefault, "Moderators: set the default allowance (empty: back to configured)", T.SubCommand, Options: [new O("allowance", "Units per window", T.Integer, MinValue: 0)]),
            ]),
            new(CommandNames.History, "Recent images",
            [
                new("user", "Whose (moderators only for others)", T.User),
                new("count", "How many", T.Integer, MinValue: 1, MaxValue: Application.UserCommands.MaxHistoryCount),
            ]),
            new(CommandNames.Queue, "What is waiting and running", []),
            new(CommandNames.Settings, "Your defaults for /imagine (empty text clears one)",
            [
                new("negative", "Default negative prompt", T.String, MaxLength: limits.MaxPromptLength),
                new("size", "Default size", T.String, Choices: limits.SizeChoices),
                new("scheduler", "Default scheduler", T.String, Choices: limits.SchedulerChoices),
            ]),
            new(CommandNames.Help, "How to use the bot", []),
            new(CommandNames.BannedWords, "Moderators: banned words",
            [
                new(CommandNames.BannedWordsAdd, "Ban a word", T.SubCommand, Options: [new O("word", "Word or phrase", T.String, Required: true, MaxLength: Application.ModeratorCommands.MaxBannedWordLength)]),
                new(CommandNames.BannedWordsRemove, "Unban a word", T.SubCommand, Options: [new O("word", "Word or phrase", T.String, Required: true)]),
                new(CommandNames.BannedWordsList, "List banned words", T.SubCommand, Options: []),
            ]),
        ];
    }
}
