using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Tests.Randomness;

public sealed class XoshiroGaussianNoiseTests
{
    private static float[] Draw(long seed, int count)
    {
        var values = new float[count];
        new XoshiroGaussianNoise(seed).Fill(values);
        return values;
    }

    [Fact]
    public void Fill_SameSeed_IsBitIdentical() => Assert.Equal(Draw(42, 1001), Draw(42, 1001));

    [Fact]
    public void Fill_DifferentSeeds_Differ()
    {
        var a = Draw(42, 1000);
        var b = Draw(43, 1000);

        Assert.True(a.Zip(b).Count(p => p.First != p.Second) > 990);
    }

    [Fact]
    public void Fill_InChunksOfOddLength_ContinuesOneStream()
    {
        var whole = Draw(7, 12);
        var noise = new XoshiroGaussianNoise(7);
        var chunks = new float[12];
        noise.Fill(chunks.AsSpan(0, 3));
        noise.Fill(chunks.AsSpan(3, 5));
        noise.Fill(chunks.AsSpan(8, 4));

        Assert.Equal(whole, chunks);
    }

    [Fact]
    public void Fill_ManySamples_AreStandardNormal()
    {
        var values = Draw(123, 200_000);
        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => (v - mean) * (v - mean));
        var withinOneSigma = values.Count(v => Math.Abs(v) < 1) / (double)values.Length;

        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(withinOneSigma, 0.678, 0.688);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void NextUInt64_MatchesXoshiro256StarStarWithSplitMixSeeding()
    {
        // First output for seed 0: SplitMix64 state words from 0, then xoshiro256** (rotl(s1·5, 7)·9).
        var noise = new XoshiroGaussianNoise(0);
        const ulong s1 = 0x6E789E6AA1B965F4UL; // second SplitMix64 output from seed 0
        Assert.Equal(unchecked(ulong.RotateLeft(s1 * 5, 7) * 9), noise.NextUInt64());
    }
}
