namespace DiffusionBot.DemoModels.Tests;

public sealed class OracleSpecTests
{
    [Theory]
    [InlineData("red", "", 7.5, 255, 0, 0)]
    [InlineData("a watercolor fox", "", 1.0, 255, 165, 0)]
    [InlineData("grey", "", 1.0, 128, 128, 128)]
    [InlineData("purple", "", 0.5, 128, 0, 128)]
    [InlineData("magenta", "", 7.5, 255, 0, 255)]
    [InlineData("red", "blue", 1.0, 255, 0, 0)]
    public void ExpectedDecodedRgb_KnownPrompts_GiveKnownPixels(string cond, string uncond, double guidance, int r, int g, int b)
    {
        Assert.Equal(((byte)r, (byte)g, (byte)b), OracleSpec.ExpectedDecodedRgb(cond, uncond, guidance));
    }

    [Fact]
    public void ExpectedColour_Guidance_IsUncondPlusScaleTimesDifference()
    {
        var cond = OracleSpec.Colours["grey"];
        var uncond = OracleSpec.Colours["grey"] + OracleSpec.Colours["grey"];

        var guided = OracleSpec.ExpectedColour("grey", "grey grey", 3);

        Assert.Equal(uncond.R + (3 * (cond.R - uncond.R)), guided.R, 12);
        Assert.Equal(OracleSpec.ExpectedDecodedRgb(["grey"], ["grey", "grey"], 3), OracleSpec.ExpectedDecodedRgb("grey", "grey grey", 3));
    }

    [Fact]
    public void ColourOf_RepeatedWord_Sums()
    {
        var red = OracleSpec.Colours["red"];

        Assert.Equal(2 * red, OracleSpec.ColourOf("Red, red!"));
        Assert.Equal(OracleColour.Zero, OracleSpec.ColourOf("a watercolor painting"));
    }

    [Fact]
    public void ToByte_ClampsAndRounds()
    {
        Assert.Equal(0, OracleSpec.ToByte(-3));
        Assert.Equal(255, OracleSpec.ToByte(3));
        Assert.Equal(165, OracleSpec.ToByte(OracleSpec.Colours["orange"].G));
    }

    [Fact]
    public void Schedule_MatchesStableDiffusionSigmas()
    {
        Assert.Equal(14.6146, OracleSpec.Sigma(999), 3);
        Assert.Equal(0.0292, OracleSpec.Sigma(0), 4);
        Assert.Equal(0.0047, OracleSpec.AlphaBar(999), 4);
        var mid = Math.Sqrt(OracleSpec.Sigma(500) * OracleSpec.Sigma(501));
        Assert.Equal(mid, OracleSpec.Sigma(500.5), 12);
        Assert.Equal(1 / (1 + (mid * mid)), OracleSpec.AlphaBar(500.5), 12);
    }

    [Fact]
    public void IsFlaggedBySafetyChecker_OnlyNearMagenta()
    {
        Assert.True(OracleSpec.IsFlaggedBySafetyChecker(1, 0, 1));
        Assert.False(OracleSpec.IsFlaggedBySafetyChecker(128 / 255.0, 0, 128 / 255.0));
        Assert.False(OracleSpec.IsFlaggedBySafetyChecker(1, 0, 0));
    }
}
