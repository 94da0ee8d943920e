namespace DiffusionBot.Diffusion.Prompting;

/// <summary>AUTOMATIC1111's "Original" emphasis: every token's hidden state is multiplied by its weight, then the
/// whole chunk is rescaled so the mean of all its values equals the mean before weighting. The sums and the scale are
/// computed in double: a chunk whose mean is close to zero makes the scale sensitive to rounding.</summary>
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
        var originalSum = 0.0;
        var weightedSum = 0.0;
        for (var t = 0; t < weights.Length; t++)
        {
            var rowSum = 0.0;
            foreach (var v in hidden.Slice(t * width, width))
                rowSum += v;
            originalSum += rowSum;
            weightedSum += rowSum * weights[t];
        }

        var scale = weightedSum == 0 ? 1.0 : originalSum / weightedSum;
        for (var t = 0; t < weights.Length; t++)
        {
            var factor = weights[t] * scale;
            var row = hidden.Slice(t * width, width);
            for (var k = 0; k < row.Length; k++)
                row[k] = (float)(row[k] * factor);
        }
    }
}
