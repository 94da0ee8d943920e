namespace DiffusionBot.Diffusion.Prompting;

/// <summary>AUTOMATIC1111's "Original" emphasis: every token's hidden state is multiplied by its weight, then the
/// whole chunk is rescaled so the mean of all its values equals the mean before weighting.</summary>
public static class EmphasisWeighting
{
    /// <param name="hidden">One chunk's hidden states, [tokens · width], changed in place.</param>
    /// <param name="weights">One weight per token.</param>
    public static void Apply(Span<float> hidden, ReadOnlySpan<float> weights)
    {
        if (weights.IsEmpty || hidden.Length % weights.Length != 0)
            throw new ArgumentException($"{hidden.Length} hidden values do not split into {weights.Length} tokens.", nameof(weights));
        if (!weights.ContainsAnyExcept(1f))
            return;
        var width = hidden.Length / weights.Length;
        var originalMean = Mean(hidden);
        for (var t = 0; t < weights.Length; t++)
        {
            var row = hidden.Slice(t * width, width);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, weights[t], row);
        }

        var newMean = Mean(hidden);
        if (newMean != 0)
            System.Numerics.Tensors.TensorPrimitives.Multiply(hidden, (float)(originalMean / newMean), hidden);
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        var sum = 0.0;
        foreach (var v in values)
            sum += v;
        return sum / values.Length;
    }
}
