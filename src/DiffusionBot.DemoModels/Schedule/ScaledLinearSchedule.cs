namespace DiffusionBot.DemoModels.Schedule;

/// <summary>
/// Stable Diffusion's training noise schedule ("scaled_linear", 1000 steps, beta 0.00085..0.012), and its
/// continuation to fractional timesteps: log(sigma) interpolated linearly between neighbouring integer
/// timesteps, the inverse of diffusers' <c>_sigma_to_t</c>.
/// </summary>
internal static class ScaledLinearSchedule
{
    public const int TrainTimesteps = 1000;
    public const double BetaStart = 0.00085;
    public const double BetaEnd = 0.012;

    private static readonly double[] AlphasCumprodTable = CreateAlphasCumprod();
    private static readonly double[] LogSigmaTable = AlphasCumprodTable.Select(ab => 0.5 * Math.Log((1 - ab) / ab)).ToArray();

    /// <summary>alpha_bar at each integer timestep 0..999.</summary>
    public static IReadOnlyList<double> AlphasCumprod => AlphasCumprodTable;

    /// <summary>log(sigma) at each integer timestep 0..999, sigma = sqrt((1 - alpha_bar) / alpha_bar).</summary>
    public static IReadOnlyList<double> LogSigmas => LogSigmaTable;

    /// <summary>log(sigma) at a possibly fractional timestep, clamped to [0, 999].</summary>
    public static double LogSigma(double timestep)
    {
        var t = Math.Clamp(timestep, 0, TrainTimesteps - 1);
        var low = Math.Min((int)Math.Floor(t), TrainTimesteps - 2);
        var w = t - low;
        return LogSigmaTable[low] + (w * (LogSigmaTable[low + 1] - LogSigmaTable[low]));
    }

    public static double Sigma(double timestep) => Math.Exp(LogSigma(timestep));

    /// <summary>alpha_bar = 1 / (1 + sigma^2) at a possibly fractional timestep.</summary>
    public static double AlphaBar(double timestep)
    {
        var sigma = Sigma(timestep);
        return 1 / (1 + (sigma * sigma));
    }

    private static double[] CreateAlphasCumprod()
    {
        var table = new double[TrainTimesteps];
        var start = Math.Sqrt(BetaStart);
        var step = (Math.Sqrt(BetaEnd) - start) / (TrainTimesteps - 1);
        double product = 1;
        for (var i = 0; i < TrainTimesteps; i++)
        {
            var sqrtBeta = start + (i * step);
            product *= 1 - (sqrtBeta * sqrtBeta);
            table[i] = product;
        }

        return table;
    }
}
