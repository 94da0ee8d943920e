using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' DPMSolverMultistepScheduler with algorithm_type dpmsolver++, solver_order 2, solver_type midpoint,
/// final_sigmas_type (zero by default, which makes the last step first order), lower_order_final and optional Karras
/// sigmas. The x0 predictions of the current and previous step live in two buffers that are swapped, never reallocated.</summary>
internal sealed class DpmSolverMultistepScheduler : SchedulerBase
{
    private readonly float[]?[] _history = new float[2][];
    private float[] _sigmas = [];
    private int _newest;
    private int _lowerOrderCount;
    private int _lastStepIndex = -1;

    public DpmSolverMultistepScheduler(SchedulerConfig config, SchedulerKind kind = SchedulerKind.DpmPlusPlus2M)
        : base(kind, config)
    {
    }

    public override float InitNoiseSigma => 1f;

    /// <summary>σ per step followed by the final σ = 0.</summary>
    internal ReadOnlySpan<float> Sigmas => _sigmas;

    public override void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex)
    {
        CheckStepIndex(stepIndex);
        Copy(sample, destination);
    }

    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(original.Length, noise.Length, nameof(noise));
        CheckSameLength(original.Length, destination.Length, nameof(destination));
        var (alpha, sigma) = AlphaSigma(_sigmas[stepIndex]);
        LatentMath.Combine(original, (float)alpha, noise, (float)sigma, destination);
    }

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        CheckConsecutiveStep(stepIndex, _lastStepIndex);

        // convert_model_output: the data prediction x0 at the current sigma.
        var (alphaS0, sigmaS0) = AlphaSigma(_sigmas[stepIndex]);
        var (c1, c2) = Settings.PredictionType switch
        {
            PredictionType.Epsilon => (1 / alphaS0, -sigmaS0 / alphaS0),
            PredictionType.VPrediction => (alphaS0, -sigmaS0),
            _ => (0.0, 1.0),
        };
        LatentMath.Ensure(ref _history[0], sample.Length);
        LatentMath.Ensure(ref _history[1], sample.Length);
        _newest ^= 1;
        var x0 = _history[_newest]!;
        LatentMath.Combine(sample, (float)c1, modelOutput, (float)c2, x0);

        var (alphaT, sigmaT) = AlphaSigma(_sigmas[stepIndex + 1]);
        var lambdaT = Math.Log(alphaT) - Math.Log(sigmaT);
        var lambdaS0 = Math.Log(alphaS0) - Math.Log(sigmaS0);
        var h = lambdaT - lambdaS0;
        var ratio = sigmaT / sigmaS0;
        var k = alphaT * (Math.Exp(-h) - 1.0);

        var lowerOrderFinal = stepIndex == Timesteps.Length - 1
            && ((Settings.LowerOrderFinal && Timesteps.Length < 15) || Settings.FinalSigmasType == FinalSigmasType.Zero);
        if (_lowerOrderCount < 1 || lowerOrderFinal)
        {
            // x_t = (σ_t/σ_s)·x − α_t(e^{−h} − 1)·x0
            LatentMath.Combine(sample, (float)ratio, x0, (float)-k, sample);
        }
        else
        {
            // Midpoint: x_t = (σ_t/σ_s0)·x − k·D0 − ½k·D1, D1 = (m0 − m1)/r0, r0 = h0/h.
            var (alphaS1, sigmaS1) = AlphaSigma(_sigmas[stepIndex - 1]);
            var lambdaS1 = Math.Log(alphaS1) - Math.Log(sigmaS1);
            var r0 = (lambdaS0 - lambdaS1) / h;
            var previous = _history[_newest ^ 1]!;
            LatentMath.Combine(sample, (float)ratio, x0, (float)(-k - (0.5 * k / r0)), previous, (float)(0.5 * k / r0), sample);
        }

        if (_lowerOrderCount < 2)
        {
            _lowerOrderCount++;
        }

        _lastStepIndex = stepIndex;
    }

    protected override void ResetState()
    {
        _lowerOrderCount = 0;
        _lastStepIndex = -1;
    }

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var train = Settings.NumTrainTimesteps;
        double[] timesteps;
        switch (Settings.TimestepSpacing)
        {
            case TimestepSpacing.Linspace:
                var grid = TimestepMath.Linspace(0, train - 1, inferenceSteps + 1);
                timesteps = new double[inferenceSteps];
                for (var i = 0; i < inferenceSteps; i++)
                {
                    timesteps[i] = TimestepMath.Round(grid[inferenceSteps - i]);
                }

                break;
            case TimestepSpacing.Leading:
                var ratio = train / (inferenceSteps + 1);
                timesteps = new double[inferenceSteps];
                for (var i = 0; i < inferenceSteps; i++)
                {
                    timesteps[i] = ((inferenceSteps - i) * ratio) + Settings.StepsOffset;
                }

                break;
            default:
                timesteps = TimestepMath.ArangeDown(train, (double)train / inferenceSteps);
                for (var i = 0; i < timesteps.Length; i++)
                {
                    timesteps[i] = TimestepMath.Round(timesteps[i]) - 1;
                }

                break;
        }

        double[] sigmas;
        if (Settings.UseKarrasSigmas)
        {
            var train0 = Schedule.TrainSigmas;
            sigmas = TimestepMath.KarrasSigmas(train0[^1], train0[0], inferenceSteps);
            // diffusers rounds these timesteps except on a squaredcos_cap_v2 schedule; its int64 timestep tensor then
            // truncates the unrounded ones toward zero.
            var round = Settings.BetaSchedule != BetaSchedule.SquaredCosCapV2;
            timesteps = new double[sigmas.Length];
            for (var i = 0; i < sigmas.Length; i++)
            {
                var t = TimestepMath.SigmaToT(sigmas[i], Schedule.LogTrainSigmas);
                timesteps[i] = round ? TimestepMath.Round(t) : Math.Truncate(t);
            }
        }
        else
        {
            sigmas = new double[timesteps.Length];
            for (var i = 0; i < timesteps.Length; i++)
            {
                if (timesteps[i] >= train)
                {
                    throw new SchedulerConfigException(
                        "steps_offset", $"pushes timestep {timesteps[i]} past num_train_timesteps = {train}");
                }

                sigmas[i] = TimestepMath.Interp(timesteps[i], Schedule.TrainSigmas);
            }
        }

        _sigmas = new float[sigmas.Length + 1];
        if (Settings.FinalSigmasType == FinalSigmasType.SigmaMin)
        {
            _sigmas[^1] = Schedule.TrainSigmas[0];
        }

        var result = new float[timesteps.Length];
        for (var i = 0; i < sigmas.Length; i++)
        {
            _sigmas[i] = (float)sigmas[i];
            result[i] = (float)timesteps[i];
        }

        return result;
    }

    /// <summary>_sigma_to_alpha_sigma_t: α = 1/sqrt(σ²+1), σ_t = σ·α.</summary>
    private static (double Alpha, double Sigma) AlphaSigma(float sigma)
    {
        var alpha = 1 / Math.Sqrt(((double)sigma * sigma) + 1);
        return (alpha, sigma * alpha);
    }
}
