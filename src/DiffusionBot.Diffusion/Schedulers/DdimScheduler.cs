using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' DDIMScheduler with clip_sample, set_alpha_to_one and the pipeline's <c>eta</c>: 0 is deterministic
/// DDIM; above 0 each step adds eta·σ_t of fresh noise from the image's own noise source (diffusers' variance noise).</summary>
internal sealed class DdimScheduler : AlphaSchedulerBase
{
    private float[]? _predictedOriginal;
    private float[]? _noise;

    /// <param name="eta">η in [0, 1]: 0 is DDIM, 1 gives DDPM's posterior variance.</param>
    public DdimScheduler(SchedulerConfig config, double eta = 0)
        : base(SchedulerKind.Ddim, config)
    {
        if (!(eta >= 0 && eta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "DDIM eta must lie in [0, 1] (0 is deterministic DDIM, 1 is DDPM-like)");
        }

        Eta = eta;
    }

    public double Eta { get; }

    public override bool UsesStepNoise => Eta > 0;

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        if (Eta > 0)
        {
            ArgumentNullException.ThrowIfNull(noise);
        }

        var timestep = (int)Timesteps[stepIndex];
        var previousTimestep = PreviousTimestep(timestep);
        var alpha = AlphaCumprodAt(timestep);
        var alphaPrevious = AlphaCumprodAt(previousTimestep);
        var sqrtAlpha = Math.Sqrt(alpha);
        var sqrtBeta = Math.Sqrt(1 - alpha);

        // x0 = c1·sample + c2·model; ε = e1·sample + e2·model (from the unclipped x0, as diffusers does).
        var (c1, c2) = AlphaPredictedOriginal(alpha);
        var (e1, e2) = Settings.PredictionType switch
        {
            PredictionType.Epsilon => (0.0, 1.0),
            PredictionType.VPrediction => (sqrtBeta, sqrtAlpha),
            _ => (1 / sqrtBeta, -sqrtAlpha / sqrtBeta),
        };

        // prev = sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev − σ_t²)·ε + σ_t·z, σ_t = η·sqrt(variance); z only when η > 0.
        var standardDeviation = Eta * Math.Sqrt(Variance(alpha, alphaPrevious));
        var x0Weight = Math.Sqrt(alphaPrevious);
        var direction = Math.Sqrt(Math.Max(0, 1 - alphaPrevious - (standardDeviation * standardDeviation)));
        Span<float> fresh = default;
        if (Eta > 0)
        {
            // diffusers draws the variance noise on every step, the last one included.
            fresh = LatentMath.Ensure(ref _noise, sample.Length);
            noise.Fill(fresh);
        }

        if (Settings.ClipSample)
        {
            var x0 = LatentMath.Ensure(ref _predictedOriginal, sample.Length);
            LatentMath.Combine(sample, (float)c1, modelOutput, (float)c2, x0);
            LatentMath.ClampSymmetric(x0, (float)Settings.ClipSampleRange);
            LatentMath.Combine(x0, (float)x0Weight, sample, (float)(direction * e1), modelOutput, (float)(direction * e2), sample);
            if (Eta > 0)
            {
                LatentMath.Combine(sample, 1f, fresh, (float)standardDeviation, sample);
            }
        }
        else
        {
            var sampleWeight = (float)((x0Weight * c1) + (direction * e1));
            var modelWeight = (float)((x0Weight * c2) + (direction * e2));
            if (Eta > 0)
            {
                LatentMath.Combine(sample, sampleWeight, modelOutput, modelWeight, fresh, (float)standardDeviation, sample);
            }
            else
            {
                LatentMath.Combine(sample, sampleWeight, modelOutput, modelWeight, sample);
            }
        }
    }

    /// <summary>diffusers' _get_variance: (1 − ᾱ_prev)/(1 − ᾱ_t) · (1 − ᾱ_t/ᾱ_prev), the DDPM posterior variance between
    /// two timesteps (a negative previous timestep means the final ᾱ).</summary>
    internal double Variance(int timestep, int previousTimestep) =>
        Variance(AlphaCumprodAt(timestep), AlphaCumprodAt(previousTimestep));

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var train = Settings.NumTrainTimesteps;
        var result = new float[inferenceSteps];
        switch (Settings.TimestepSpacing)
        {
            case TimestepSpacing.Linspace:
                var grid = TimestepMath.Linspace(0, train - 1, inferenceSteps);
                for (var i = 0; i < inferenceSteps; i++)
                {
                    result[i] = (float)TimestepMath.Round(grid[inferenceSteps - 1 - i]);
                }

                return result;
            case TimestepSpacing.Leading:
                var ratio = train / inferenceSteps;
                for (var i = 0; i < inferenceSteps; i++)
                {
                    result[i] = ((inferenceSteps - 1 - i) * ratio) + Settings.StepsOffset;
                }

                CheckInRange(result);
                return result;
            default:
                var trailing = TimestepMath.ArangeDown(train, (double)train / inferenceSteps);
                var trailingResult = new float[trailing.Length];
                for (var i = 0; i < trailing.Length; i++)
                {
                    trailingResult[i] = (float)TimestepMath.Round(trailing[i]) - 1;
                }

                return trailingResult;
        }
    }

    private static double Variance(double alpha, double alphaPrevious) =>
        (1 - alphaPrevious) / (1 - alpha) * (1 - (alpha / alphaPrevious));

    /// <summary>diffusers' prev_timestep = t − num_train_timesteps // num_inference_steps.</summary>
    private int PreviousTimestep(int timestep) => timestep - (Settings.NumTrainTimesteps / InferenceSteps);

    private void CheckInRange(float[] timesteps)
    {
        if (timesteps[0] >= Settings.NumTrainTimesteps)
        {
            throw new SchedulerConfigException(
                "steps_offset", $"pushes timestep {timesteps[0]} past num_train_timesteps = {Settings.NumTrainTimesteps}");
        }
    }
}
