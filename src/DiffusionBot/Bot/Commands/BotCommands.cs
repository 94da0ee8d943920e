using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Application;
using DiffusionBot.Discord.Models;
using Opt = DiffusionBot.Discord.Models.ApplicationCommandOption;
using Type = DiffusionBot.Discord.Models.ApplicationCommandOptionType;

namespace DiffusionBot.Bot.Commands;

/// <summary>The slash commands the bot registers, built from the configured limits (size and scheduler choices). Models
/// are offered by autocomplete (<see cref="Interactions.AutocompleteHandler"/>), so a catalogue may hold more than 25.</summary>
internal static class BotCommands
{
    public const string Imagine = "imagine";
    public const string Quota = "quota";
    public const string History = "history";
    public const string Queue = "queue";
    public const string Settings = "settings";
    public const string Banned = "banned";
    public const string Help = "help";
    public const string Stats = "stats";
    public const string Tokens = "tokens";
    public const string Models = "models";
    public const string Loras = "loras";
    public const string Embeddings = "embeddings";
    public const string Upscale = "upscale";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { Imagine, Quota, History, Queue, Settings, Banned, Help, Stats, Tokens, Models, Loras, Embeddings, Upscale };

    private const string ManageGuild = "32";

    /// <summary>The commands; size and scheduler choices are the catalogue's (every model's, each request is checked
    /// against its own model), models are autocompleted, steps and guidance bounded by the widest model.</summary>
    public static IReadOnlyList<ApplicationCommand> Build(LimitsOptions limits, IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(catalog);
        var all = catalog.Models;
        var sizes = Choices([.. all.SelectMany(m => m.Sizes).Distinct().Select(s => s.ToString())]);
        var schedulers = Choices([.. all.SelectMany(m => m.Schedulers).Distinct(StringComparer.OrdinalIgnoreCase)]);
        var maxSteps = all.Max(m => m.MaxSteps);
        var (minGuidance, maxGuidance) = (all.Min(m => m.MinGuidance), all.Max(m => m.MaxGuidance));
        return
        [
            Command(Imagine, "Generate an image from a text prompt",
                new Opt { Type = Type.String, Name = ImagineOptionNames.Prompt, Description = "What to draw (needed unless pasted parameters hold one)", MaxLength = Math.Min(6000, limits.MaxPromptLength) },
                new Opt { Type = Type.String, Name = ImagineOptionNames.Negative, Description = "What to avoid", MaxLength = Math.Min(6000, limits.MaxPromptLength) },
                new Opt { Type = Type.Integer, Name = ImagineOptionNames.Seed, Description = "Seed for a repeatable result", MinValue = 0, MaxValue = ImagineRequestParser.MaxSeed },
                new Opt { Type = Type.Integer, Name = ImagineOptionNames.Steps, Description = "Denoising steps", MinValue = 1, MaxValue = maxSteps },
                new Opt { Type = Type.Number, Name = ImagineOptionNames.Guidance, Description = "How closely to follow the prompt", MinValue = minGuidance, MaxValue = maxGuidance },
                new Opt { Type = Type.String, Name = ImagineOptionNames.Size, Description = "Image size", Choices = sizes },
                new Opt { Type = Type.Integer, Name = ImagineOptionNames.Count, Description = "Number of images (1-4)", MinValue = ImagineRequestParser.MinCount, MaxValue = ImagineRequestParser.MaxCount },
                ModelOption("Model (start typing; /models lists them all)"),
                new Opt { Type = Type.String, Name = ImagineOptionNames.Scheduler, Description = "Sampler", Choices = schedulers },
                new Opt { Type = Type.String, Name = ImagineOptionNames.Parameters, Description = "Pasted image parameters (PNG info); options you set win", MaxLength = 6000 },
                new Opt { Type = Type.Attachment, Name = ImagineOptionNames.Image, Description = "Your own picture to start from (PNG, JPEG or WebP)" },
                new Opt { Type = Type.Number, Name = ImagineOptionNames.Strength, Description = "With image: how far to move away from it", MinValue = ImagineRequestParser.MinStrength, MaxValue = ImagineRequestParser.MaxStrength }),
            Command(Quota, "Your image quota; moderators can change quotas",
                Sub("show", "What you have left"),
                Sub("set", "Moderators: set a member's allowance", UserOption(true), Amount(true)),
                Sub("grant", "Moderators: grant a member extra images", UserOption(true), Amount(true)),
                Sub("reset", "Moderators: reset a member's usage", UserOption(true)),
                Sub("default", "Moderators: set the default allowance (empty: back to configured)", Amount(false))),
            Command(History, "Recent images",
                UserOption(false, "Moderators: whose history"),
                new Opt { Type = Type.Integer, Name = "count", Description = "How many", MinValue = 1, MaxValue = UserCommands.MaxHistoryCount }),
            Command(Queue, "What is waiting to be generated"),
            Command(Settings, "Your /imagine defaults",
                new Opt { Type = Type.String, Name = "negative", Description = "Default negative prompt (empty: none)" },
                new Opt { Type = Type.String, Name = "size", Description = "Default size", Choices = sizes },
                new Opt { Type = Type.String, Name = "scheduler", Description = "Default sampler", Choices = schedulers },
                ModelOption("Default model (start typing; empty: the bot's default)")),
            Command(Banned, "Moderators: banned prompt words", ManageGuild,
                Sub("add", "Ban a word", Word()),
                Sub("remove", "Unban a word", Word()),
                Sub("list", "List banned words")),
            Command(Help, "How to use the bot"),
            Command(Stats, "Moderators: jobs, wait and generation times, refunds and top users", ManageGuild,
                new Opt { Type = Type.Integer, Name = "days", Description = "How many days back, today included", MinValue = 1, MaxValue = StatsCommand.MaxDays }),
            Command(Models, "The base models: name, family, default size and description"),
            Command(Loras, "The LoRAs you can add with <lora:name:weight>: family, rank and file size"),
            Command(Embeddings, "The textual-inversion embeddings: trigger word, vectors, family and file size"),
            Command(Tokens, "How a prompt tokenizes: chunks, weights and what would be cut",
                new Opt { Type = Type.String, Name = "prompt", Description = "The prompt to look at", Required = true, MaxLength = Math.Min(6000, limits.MaxPromptLength) }),
            Command(Upscale, $"Upscale your own picture ×{limits.UpscaleFactor}",
                new Opt { Type = Type.Attachment, Name = ImagineOptionNames.Image, Description = "The picture (PNG, JPEG or WebP)", Required = true }),
        ];
    }

    /// <summary>The commands for a guild's overwrite: <c>contexts</c> applies only to global commands, so it is left out.</summary>
    public static IReadOnlyList<ApplicationCommand> ForGuild(IReadOnlyList<ApplicationCommand> commands) =>
        [.. commands.Select(c => c with { Contexts = null })];

    private static ApplicationCommand Command(string name, string description, params Opt[] options) =>
        Command(name, description, null, options);

    private static ApplicationCommand Command(string name, string description, string? permissions, params Opt[] options) => new()
    {
        Type = ApplicationCommandType.ChatInput,
        Name = name,
        Description = description,
        Options = options.Length == 0 ? null : options,
        DefaultMemberPermissions = permissions,
        Contexts = [0],
    };

    /// <summary>A model name with autocomplete and no fixed choices (Discord allows no choices on an autocomplete option).</summary>
    private static Opt ModelOption(string description) =>
        new() { Type = Type.String, Name = ImagineOptionNames.Model, Description = description, Autocomplete = true, MaxLength = AutocompleteChoices.MaxStringValueLength };

    private static Opt Sub(string name, string description, params Opt[] options) =>
        new() { Type = Type.SubCommand, Name = name, Description = description, Options = options.Length == 0 ? null : options };

    private static Opt UserOption(bool required, string description = "The member") =>
        new() { Type = Type.User, Name = "user", Description = description, Required = required };

    private static Opt Amount(bool required) =>
        new() { Type = Type.Integer, Name = "amount", Description = "Number of images", Required = required, MinValue = 0, MaxValue = 1_000_000 };

    private static Opt Word() => new() { Type = Type.String, Name = "word", Description = "The word", Required = true, MaxLength = ModeratorCommands.MaxBannedWordLength };

    private static ApplicationCommandOptionChoice[] Choices(IReadOnlyList<string> values) =>
        [.. values.Take(25).Select(v => ApplicationCommandOptionChoice.Of(v, v))];
}
