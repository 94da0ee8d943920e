namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>What a generation produced.</summary>
/// <param name="Images">One entry per requested image, in seed order.</param>
/// <param name="Prompt">Token counts and any text cut off at CLIP's 77-token limit.</param>
/// <param name="NegativePrompt">Same for the negative prompt (empty when none was given).</param>
/// <param name="SafetyChecked">Whether a safety checker ran (false when the model folder has none or it is disabled).</param>
public sealed record GenerationResult(
    IReadOnlyList<GeneratedImage> Images,
    int Width,
    int Height,
    int Steps,
    double Guidance,
    string SchedulerName,
    string ModelName,
    PromptTokens Prompt,
    PromptTokens NegativePrompt,
    bool SafetyChecked,
    GenerationTimings Timings)
{
    /// <summary>The noise source the images were drawn with (a <see cref="Randomness.NoiseSources"/> name).</summary>
    public required string NoiseSource { get; init; }

    /// <summary>The image-to-image strength of a variation; null for text-to-image.</summary>
    public double? Strength { get; init; }

    /// <summary>Each LoRA applied: its name and AUTOMATIC1111's 12-digit short hash of the file (see <c>LoraFileHash</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> LoraHashes { get; init; } = [];

    public IReadOnlyList<long> Seeds => Images.Select(i => i.Seed).ToList();

    public bool AnyNsfw => Images.Any(i => i.IsNsfw);

    /// <summary>A human-readable note about truncated prompt text, or null when nothing was cut.</summary>
    public string? TruncationNote =>
        (Prompt.WasTruncated, NegativePrompt.WasTruncated) switch
        {
            (false, false) => null,
            (true, false) => $"Prompt cut at {PromptTokens.MaxTokens} tokens; ignored: \"{Prompt.TruncatedText}\"",
            (false, true) => $"Negative prompt cut at {PromptTokens.MaxTokens} tokens; ignored: \"{NegativePrompt.TruncatedText}\"",
            _ => $"Prompt and negative prompt cut at {PromptTokens.MaxTokens} tokens; ignored: \"{Prompt.TruncatedText}\" / \"{NegativePrompt.TruncatedText}\"",
        };
}

/// <summary>One generated image.</summary>
/// <param name="IsNsfw">The safety checker flagged it (always false when none ran); the caller decides to blur or hide it.</param>
public sealed record GeneratedImage(byte[] Png, long Seed, bool IsNsfw);

/// <summary>Wall-clock time of each stage.</summary>
public sealed record GenerationTimings(
    TimeSpan TextEncoding,
    TimeSpan Denoising,
    TimeSpan Decoding,
    TimeSpan SafetyCheck,
    TimeSpan Total)
{
    /// <summary>Mean denoising time per step.</summary>
    public TimeSpan PerStep { get; init; }
}

/// <summary>How a prompt tokenizes for CLIP.</summary>
/// <param name="TokenCount">Tokens in the prompt, not counting start/end markers (may exceed the usable 75).</param>
/// <param name="TruncatedText">The part of the prompt that does not fit (empty when nothing was cut).</param>
public sealed record PromptTokens(int TokenCount, bool WasTruncated, string TruncatedText)
{
    /// <summary>CLIP's context length, start and end markers included.</summary>
    public const int MaxTokens = 77;

    public static PromptTokens Empty { get; } = new(0, false, string.Empty);
}
