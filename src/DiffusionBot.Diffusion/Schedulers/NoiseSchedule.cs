namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// The training-time noise tables, computed as diffusers/torch do: betas and alphas in float32, the cumulative
/// product accumulated in double (torch's CPU cumprod accumulator) and stored as float32.
/// </summary>
internal sealed class NoiseSchedule
{
    private NoiseSchedule(float[] alphasCumprod)
    {
        AlphasCumprod = alphasCumprod;
        TrainSigmas = new float[alphasCumprod.Length];
        LogTrainSigmas = new float[alphasCumprod.Length];
        for (var i = 0; i < alphasCumprod.Length; i++)
        {
            var a = alphasCumprod[i];
            TrainSigmas[i] = MathF.Sqrt((1f - a) / a);
            LogTrainSigmas[i] = (float)Math.Log(TrainSigmas[i]);
        }
    }

    /// <summary>alphas_cumprod[t] for t in [0, num_train_timesteps).</summary>
    public float[] AlphasCumprod { get; }

    /// <summary>((1 − ᾱ)/ᾱ)^½ per training timestep, ascending in t.</summary>
    public float[] TrainSigmas { get; }

    /// <summary>log of <see cref="TrainSigmas"/> (numpy float32 log).</summary>
    public float[] LogTrainSigmas { get; }

    public static NoiseSchedule Create(SchedulerSettings settings)
    {
        var betas = Betas(settings);
        var cumprod = new float[betas.Length];
        var accumulator = 1.0;
        for (var i = 0; i < betas.Length; i++)
        {
            accumulator *= 1f - betas[i];
            cumprod[i] = (float)accumulator;
        }

        return new NoiseSchedule(cumprod);
    }

    private static float[] Betas(SchedulerSettings settings)
    {
        var n = settings.NumTrainTimesteps;
        if (settings.TrainedBetas is { } trained)
        {
            var result = new float[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = (float)trained[i];
            }

            return result;
        }

        switch (settings.BetaSchedule)
        {
            case BetaSchedule.Linear:
                return TorchLinspace((float)settings.BetaStart, (float)settings.BetaEnd, n);
            case BetaSchedule.ScaledLinear:
                var roots = TorchLinspace((float)Math.Sqrt(settings.BetaStart), (float)Math.Sqrt(settings.BetaEnd), n);
                for (var i = 0; i < n; i++)
                {
                    roots[i] *= roots[i];
                }

                return roots;
            case BetaSchedule.SquaredCosCapV2:
                return CosineBetas(n);
            default:
                throw new SchedulerConfigException("beta_schedule", $"has an unknown value {settings.BetaSchedule}");
        }
    }

    /// <summary>torch.linspace(start, end, n, dtype=float32) on CPU: float step, symmetric halves.</summary>
    private static float[] TorchLinspace(float start, float end, int n)
    {
        var result = new float[n];
        if (n == 1)
        {
            result[0] = start;
            return result;
        }

        var step = (end - start) / (n - 1);
        var halfway = n / 2;
        for (var i = 0; i < n; i++)
        {
            result[i] = i < halfway ? start + (step * i) : end - (step * (n - i - 1));
        }

        return result;
    }

    /// <summary>diffusers' betas_for_alpha_bar with the cosine transform and max_beta 0.999.</summary>
    private static float[] CosineBetas(int n)
    {
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);

        var result = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t1 = (double)i / n;
            var t2 = (double)(i + 1) / n;
            result[i] = (float)Math.Min(1 - (AlphaBar(t2) / AlphaBar(t1)), 0.999);
        }

        return result;
    }
}
