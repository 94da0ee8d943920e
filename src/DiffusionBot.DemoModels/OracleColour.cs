namespace DiffusionBot.DemoModels;

/// <summary>A colour in the decoded image space of the demo models: each channel in [-1, 1] for a single word,
/// unbounded for sums; -1 is byte 0 and +1 is byte 255.</summary>
public readonly record struct OracleColour(double R, double G, double B)
{
    public static readonly OracleColour Zero = new(0, 0, 0);

    public static OracleColour operator +(OracleColour a, OracleColour b) => new(a.R + b.R, a.G + b.G, a.B + b.B);

    public static OracleColour operator -(OracleColour a, OracleColour b) => new(a.R - b.R, a.G - b.G, a.B - b.B);

    public static OracleColour operator *(double scale, OracleColour c) => new(scale * c.R, scale * c.G, scale * c.B);

    /// <summary>The colour whose decoded pixel is (r, g, b): channel = 2 * byte / 255 - 1.</summary>
    public static OracleColour FromBytes(byte r, byte g, byte b) => new(ToUnit(r), ToUnit(g), ToUnit(b));

    public OracleColour Add(OracleColour other) => this + other;

    public OracleColour Subtract(OracleColour other) => this - other;

    public OracleColour Multiply(double scale) => scale * this;

    private static double ToUnit(byte value) => (2.0 * value / 255.0) - 1.0;
}
