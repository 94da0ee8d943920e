namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>The numpy operations diffusers builds its schedules with (linspace, arange, round-half-even,
/// interp) plus the Karras sigma ramp and diffusers' sigma→timestep inversion.</summary>
internal static class TimestepMath
{
    /// <summary>np.linspace(start, stop, num, endpoint): start + i·step, the end point set exactly.</summary>
    public static double[] Linspace(double start, double stop, int num, bool endpoint = true)
    {
        var result = new double[num];
        var divisions = endpoint ? num - 1 : num;
        var step = divisions > 0 ? (stop - start) / divisions : 0;
        for (var i = 0; i < num; i++)
        {
            result[i] = start + (i * step);
        }

        if (endpoint && num > 1)
        {
            result[num - 1] = stop;
        }

        return result;
    }

    /// <summary>np.arange(start, 0, -step): ceil(start/step) values start − i·step.</summary>
    public static double[] ArangeDown(double start, double step)
    {
        var count = (int)Math.Ceiling(start / step);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = start - (i * step);
        }

        return result;
    }

    /// <summary>np.round (half to even), which is also .NET's default.</summary>
    public static double Round(double value) => Math.Round(value, MidpointRounding.ToEven);

    /// <summary>np.interp(x, arange(len(fp)), fp).</summary>
    public static double Interp(double x, ReadOnlySpan<float> fp)
    {
        var last = fp.Length - 1;
        if (x <= 0)
        {
            return fp[0];
        }

        if (x >= last)
        {
            return fp[last];
        }

        var j = (int)Math.Floor(x);
        var slope = (double)fp[j + 1] - fp[j];
        return (slope * (x - j)) + fp[j];
    }

    /// <summary>Karras et al. (2022) ramp, rho = 7, from sigmaMax down to sigmaMin in <paramref name="count"/> values.</summary>
    public static double[] KarrasSigmas(double sigmaMax, double sigmaMin, int count)
    {
        const double Rho = 7.0;
        var ramp = Linspace(0, 1, count);
        var minInvRho = Math.Pow(sigmaMin, 1 / Rho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / Rho);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Math.Pow(maxInvRho + (ramp[i] * (minInvRho - maxInvRho)), Rho);
        }

        return result;
    }

    /// <summary>diffusers' _sigma_to_t: the fractional training timestep whose sigma is <paramref name="sigma"/>,
    /// interpolating linearly in log-sigma between neighbouring training timesteps.</summary>
    public static double SigmaToT(double sigma, ReadOnlySpan<float> logSigmas)
    {
        var logSigma = Math.Log(Math.Max(sigma, 1e-10));
        var low = 0;
        for (var i = 0; i < logSigmas.Length; i++)
        {
            if (logSigma - logSigmas[i] >= 0)
            {
                low = i;
            }
        }

        low = Math.Min(low, logSigmas.Length - 2);
        var high = low + 1;
        double lowLog = logSigmas[low];

        // numpy (NumPy 2 promotion): low − log_sigma is float64 as log_sigma is; low − high stays float32 as both
        // table entries are. Truncated timesteps (squaredcos_cap_v2) can depend on that last bit.
        double tableStep = logSigmas[low] - logSigmas[high];
        var w = Math.Clamp((lowLog - logSigma) / tableStep, 0, 1);
        return ((1 - w) * low) + (w * high);
    }

    /// <summary>Descending timesteps for the sigma-space schedulers (Euler, Euler ancestral, LMS), as float32.</summary>
    public static float[] SigmaSchedulerTimesteps(SchedulerSettings settings, int steps)
    {
        var train = settings.NumTrainTimesteps;
        var result = new float[steps];
        switch (settings.TimestepSpacing)
        {
            case TimestepSpacing.Linspace:
                var grid = Linspace(0, train - 1, steps);
                for (var i = 0; i < steps; i++)
                {
                    result[i] = (float)grid[steps - 1 - i];
                }

                return result;
            case TimestepSpacing.Leading:
                var ratio = train / steps;
                for (var i = 0; i < steps; i++)
                {
                    result[i] = (float)((steps - 1 - i) * ratio) + settings.StepsOffset;
                }

                return result;
            default:
                var trailing = ArangeDown(train, (double)train / steps);
                var trailingResult = new float[trailing.Length];
                for (var i = 0; i < trailing.Length; i++)
                {
                    trailingResult[i] = (float)Round(trailing[i]) - 1;
                }

                return trailingResult;
        }
    }

    /// <summary>Throws when the step count cannot be scheduled.</summary>
    public static void CheckSteps(int steps, int numTrainTimesteps)
    {
        if (steps < 1 || steps > numTrainTimesteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(steps), steps, $"inference steps must lie in [1, num_train_timesteps = {numTrainTimesteps}]");
        }
    }
}
