namespace DiffusionBot.Diffusion.Prompting;

/// <summary>What a piece of a parsed prompt is. New tag kinds (LoRA, embeddings) get their own member.</summary>
public enum PromptSegmentKind
{
    /// <summary>Text to tokenize, with an attention weight.</summary>
    Text,

    /// <summary><c>BREAK</c>: the text after it starts a new chunk.</summary>
    Break,
}

/// <summary>One run of prompt text with a single attention weight, or a chunk break.</summary>
/// <param name="Text">The text as it will be tokenized (brackets and escapes already resolved); empty for a break.</param>
/// <param name="Weight">The multiplier for this text's hidden states (1 for a break).</param>
public sealed record PromptSegment(string Text, double Weight, PromptSegmentKind Kind = PromptSegmentKind.Text)
{
    public static PromptSegment Break { get; } = new(string.Empty, 1.0, PromptSegmentKind.Break);

    public bool IsBreak => Kind == PromptSegmentKind.Break;
}

/// <summary>A parsed prompt: its segments in order, and what could not be parsed (each a sentence for the user).</summary>
public sealed record ParsedPrompt(IReadOnlyList<PromptSegment> Segments, IReadOnlyList<string> Problems);
