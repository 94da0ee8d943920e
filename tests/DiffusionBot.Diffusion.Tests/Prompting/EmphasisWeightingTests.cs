using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Tests.Prompting;

public sealed class EmphasisWeightingTests
{
    [Fact]
    public void Apply_TwoTokens_MultipliesEachRowThenRestoresTheMean()
    {
        float[] hidden = [1, 2, 3, 4];

        EmphasisWeighting.Apply(hidden, [1f, 2f]);

        // weighted: 1, 2, 6, 8 (mean 4.25); the original mean is 2.5, so everything is scaled by 2.5 / 4.25.
        var scale = 2.5 / 4.25;
        Assert.Equal([1 * scale, 2 * scale, 6 * scale, 8 * scale], hidden.Select(v => (double)v), new Tolerance(1e-6));
    }

    [Fact]
    public void Apply_RandomChunk_MeanKeptAndEachTokenScaledByItsWeightTimesOneFactor()
    {
        var random = new Random(7);
        const int tokens = 77, width = 32;
        var original = Enumerable.Range(0, tokens * width).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
        var weights = Enumerable.Range(0, tokens).Select(t => t % 5 == 0 ? 1.5f : t % 7 == 0 ? 0.5f : 1f).ToArray();
        var hidden = original.ToArray();

        EmphasisWeighting.Apply(hidden, weights);

        Assert.Equal(original.Average(v => (double)v), hidden.Average(v => (double)v), 1e-5);
        var factor = hidden[0] / (original[0] * weights[0]);
        for (var i = 0; i < hidden.Length; i++)
            Assert.Equal(original[i] * weights[i / width] * factor, hidden[i], 1e-4);
        Assert.NotEqual(1f, factor, 1e-3f);
    }

    [Fact]
    public void Apply_AllWeightsOne_LeavesTheStatesUntouched()
    {
        float[] hidden = [0.1f, -0.2f, 0.3f, 0.7f, 1.1f, -3f];
        var before = hidden.ToArray();

        EmphasisWeighting.Apply(hidden, [1f, 1f, 1f]);

        Assert.Equal(before, hidden);
    }

    [Fact]
    public void Apply_WeightsNotMatchingTheLength_Throws() =>
        Assert.Throws<ArgumentException>(() => EmphasisWeighting.Apply(new float[10], [1f, 2f, 3f]));

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
