using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// The text-encoder rows of one request: prompt and negative prompt chunked, checked against
/// <see cref="PromptRules"/>, filled up to the same number of chunks and, for a UNet with a fixed sequence length,
/// cut to what it takes (the token reports say what was cut).
/// </summary>
internal sealed record PromptPlan(IReadOnlyList<PromptChunk> Prompt, IReadOnlyList<PromptChunk> Negative, PromptTokens PromptTokens, PromptTokens NegativeTokens)
{
    public const string PromptName = "The prompt";
    public const string NegativeName = "The negative prompt";

    /// <param name="usableChunks">Chunks the UNet takes; null for a dynamic sequence length.</param>
    /// <exception cref="DiffusionRequestException">A weight is out of range or not a number, or a text needs too many chunks.</exception>
    public static PromptPlan Create(PromptChunker chunker, int? usableChunks, string prompt, string negativePrompt)
    {
        var (positive, positiveProblems) = Chunk(chunker, prompt, PromptName);
        var (negative, negativeProblems) = Chunk(chunker, negativePrompt, NegativeName);
        var problems = positiveProblems.Concat(negativeProblems).ToList();
        if (problems.Count > 0)
            throw new DiffusionRequestException(problems);

        var count = Math.Max(positive.Chunks.Count, negative.Chunks.Count);
        var used = Math.Min(count, usableChunks ?? count);
        return new PromptPlan(chunker.Fit(positive, used), chunker.Fit(negative, used), Tokens(chunker, positive, used), Tokens(chunker, negative, used));
    }

    /// <summary>What the tokens command shows for one text.</summary>
    public static PromptAnalysis Analyze(PromptChunker chunker, int? usableChunks, string prompt)
    {
        var (chunked, problems) = Chunk(chunker, prompt, PromptName);
        var truncated = usableChunks is { } usable ? chunker.TextBeyond(chunked, usable) : string.Empty;
        return new PromptAnalysis(chunked, [.. chunked.Chunks.Select(chunker.TextOf)], chunker.ChunkLength, usableChunks, truncated, problems);
    }

    /// <summary>Chunks the UNet takes: null when its encoder_hidden_states sequence axis is dynamic.</summary>
    public static int? UsableChunks(int? fixedSequenceLength, PromptChunker chunker) =>
        fixedSequenceLength is { } length ? Math.Max(1, length / chunker.ChunkSize) : null;

    private static (ChunkedPrompt Chunked, List<string> Problems) Chunk(PromptChunker chunker, string text, string what)
    {
        var parsed = PromptParser.Parse(text);
        var problems = PromptRules.SyntaxProblems(parsed, what).ToList();
        var chunked = chunker.Chunk(parsed);
        if (PromptRules.ChunkProblem(chunked, chunker.ChunkLength, what) is { } tooLong)
            problems.Add(tooLong);
        return (chunked, problems);
    }

    private static PromptTokens Tokens(PromptChunker chunker, ChunkedPrompt chunked, int used) =>
        new(chunked.TokenCount, chunked.HasTokensBeyond(used), chunker.TextBeyond(chunked, used));
}
