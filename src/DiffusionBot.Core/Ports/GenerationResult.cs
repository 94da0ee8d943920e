namespace DiffusionBot.Core.Ports;

/// <summary>What a generation (or an upscale) produced. The engine fills every detail; a fake or an upscale may leave
/// the details at their defaults.</summary>
/// <param name="Images">One entry per image, in seed order.</param>
/// <param name="TruncationNote">Tells members what part of the prompt was cut at CLIP's 77 tokens; null when nothing was.</param>
/// <param name="Method">The upscaler's name for an upscale; null otherwise.</param>
public sealed record GenerationResult(IReadOnlyList<GeneratedImage> Images, string? TruncationNote = null, string? Method = null)
{
    public int Width => Images.Count > 0 ? Images[0].Width : 0;

    public int Height => Images.Count > 0 ? Images[0].Height : 0;

    public int Steps { get; init; }

    public double Guidance { get; init; }

    /// <summary>The scheduler in its one spelling (e.g. <c>euler_a</c>).</summary>
    public string SchedulerName { get; init; } = "";

    /// <summary>The catalogue name of the model that made the images.</summary>
    public string ModelName { get; init; } = "";

    /// <summary>Token counts and any text cut off at CLIP's 77-token limit.</summary>
    public PromptTokens Prompt { get; init; } = PromptTokens.Empty;

    /// <summary>Same for the negative prompt (empty when none was given).</summary>
    public PromptTokens NegativePrompt { get; init; } = PromptTokens.Empty;

    /// <summary>Whether a safety checker ran (false when the model folder has none or it is disabled).</summary>
    public bool SafetyChecked { get; init; }

    public GenerationTimings Timings { get; init; } = GenerationTimings.Zero;

    /// <summary>The noise source the images were drawn with (<c>cpu</c>, <c>nv</c>, <c>xoshiro</c>).</summary>
    public string NoiseSource { get; init; } = "";

    /// <summary>The image-to-image strength of a variation; null for text-to-image.</summary>
    public double? Strength { get; init; }

    /// <summary>Each LoRA applied: its name and AUTOMATIC1111's 12-digit short hash of the file.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> LoraHashes { get; init; } = [];

    public IReadOnlyList<long> Seeds => [.. Images.Select(i => i.Seed)];

    public bool AnyNsfw => Images.Any(i => i.Nsfw);
}

/// <summary>One image.</summary>
/// <param name="Nsfw">The safety checker flagged it (always false when none ran); the caller decides to blur or hide it.</param>
public sealed record GeneratedImage(byte[] Png, long Seed, bool Nsfw, int Width, int Height);

/// <summary>Wall-clock time of each stage.</summary>
public sealed record GenerationTimings(TimeSpan TextEncoding, TimeSpan Denoising, TimeSpan Decoding, TimeSpan SafetyCheck, TimeSpan Total)
{
    public static GenerationTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Mean denoising time per step.</summary>
    public TimeSpan PerStep { get; init; }

    /// <summary>Time spent loading the model for this job (zero when it was already loaded).</summary>
    public TimeSpan ModelLoad { get; init; }
}

/// <summary>How a prompt tokenizes for CLIP.</summary>
/// <param name="TokenCount">Tokens in the prompt, not counting start/end markers (may exceed the usable 75).</param>
/// <param name="TruncatedText">The part of the prompt that does not fit (empty when nothing was cut).</param>
public sealed record PromptTokens(int TokenCount, bool WasTruncated, string TruncatedText)
{
    /// <summary>CLIP's context length, start and end markers included.</summary>
    public const int MaxTokens = 77;

    public static PromptTokens Empty { get; } = new(0, false, string.Empty);

    /// <summary>A human-readable note about truncated prompt text, or null when nothing was cut.</summary>
    public static string? TruncationNote(PromptTokens prompt, PromptTokens negativePrompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(negativePrompt);
        return (prompt.WasTruncated, negativePrompt.WasTruncated) switch
        {
            (false, false) => null,
            (true, false) => $"Prompt cut at {MaxTokens} tokens; ignored: \"{prompt.TruncatedText}\"",
            (false, true) => $"Negative prompt cut at {MaxTokens} tokens; ignored: \"{negativePrompt.TruncatedText}\"",
            _ => $"Prompt and negative prompt cut at {MaxTokens} tokens; ignored: \"{prompt.TruncatedText}\" / \"{negativePrompt.TruncatedText}\"",
        };
    }
}
