namespace DiffusionBot.Bot.Commands;

/// <summary>Option names of /imagine, as registered with Discord and read back in <c>InteractionMapping.ToImagineOptions</c>.</summary>
internal static class ImagineOptionNames
{
    public const string Prompt = "prompt";
    public const string Negative = "negative";
    public const string Seed = "seed";
    public const string Steps = "steps";
    public const string Guidance = "guidance";
    public const string Size = "size";
    public const string Count = "count";
    public const string Model = "model";
    public const string Scheduler = "scheduler";
    public const string Parameters = "parameters";

    /// <summary>An attachment: the member's own picture for image-to-image (also /upscale's one option).</summary>
    public const string Image = "image";
    public const string Strength = "strength";

    public static readonly IReadOnlyList<string> All = [Prompt, Negative, Seed, Steps, Guidance, Size, Count, Model, Scheduler, Parameters, Image, Strength];
}
