using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' DDIMScheduler with eta = 0 (deterministic), clip_sample and set_alpha_to_one.</summary>
internal sealed class DdimScheduler : AlphaSchedulerBase
{
    private float[]? _predictedOriginal;

    public DdimScheduler(SchedulerConfig config)
        : base(SchedulerKind.Ddim, config)
    {
    }

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        var timestep = (int)Timesteps[stepIndex];
        var previousTimestep = timestep - (Settings.NumTrainTimesteps / InferenceSteps);
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

        // prev = sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev)·ε   (eta = 0, so no variance term)
        var x0Weight = Math.Sqrt(alphaPrevious);
        var direction = Math.Sqrt(1 - alphaPrevious);
        if (Settings.ClipSample)
        {
            var x0 = LatentMath.Ensure(ref _predictedOriginal, sample.Length);
            LatentMath.Combine(sample, (float)c1, modelOutput, (float)c2, x0);
            LatentMath.ClampSymmetric(x0, (float)Settings.ClipSampleRange);
            LatentMath.Combine(x0, (float)x0Weight, sample, (float)(direction * e1), modelOutput, (float)(direction * e2), sample);
        }
        else
        {
            LatentMath.Combine(
                sample, (float)((x0Weight * c1) + (direction * e1)), modelOutput, (float)((x0Weight * c2) + (direction * e2)), sample);
        }
    }

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

    private void CheckInRange(float[] timesteps)
    {
        if (timesteps[0] >= Settings.NumTrainTimesteps)
        {
            throw new SchedulerConfigException(
                "steps_offset", $"pushes timestep {timesteps[0]} past num_train_timesteps = {Settings.NumTrainTimesteps}");
        }
    }
}
