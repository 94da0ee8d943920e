using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' LCMScheduler: consistency-model boundary scalings (sigma_data 0.5, timestep_scaling) over
/// timesteps picked from an original_inference_steps grid; fresh noise between steps, none after the last.</summary>
internal sealed class LcmScheduler : AlphaSchedulerBase
{
    private const double SigmaData = 0.5;
    private float[]? _predictedOriginal;
    private float[]? _noise;

    public LcmScheduler(SchedulerConfig config)
        : base(SchedulerKind.Lcm, config)
    {
        if (Settings.OriginalInferenceSteps > Settings.NumTrainTimesteps)
        {
            throw new SchedulerConfigException(
                "original_inference_steps",
                $"must not exceed num_train_timesteps = {Settings.NumTrainTimesteps} (got {Settings.OriginalInferenceSteps})");
        }
    }

    public override bool UsesStepNoise => true;

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        var timestep = (int)Timesteps[stepIndex];
        var previousTimestep = stepIndex + 1 < Timesteps.Length ? (int)Timesteps[stepIndex + 1] : timestep;
        var alpha = AlphaCumprodAt(timestep);
        var alphaPrevious = AlphaCumprodAt(previousTimestep);

        var scaled = timestep * Settings.TimestepScaling;
        var cSkip = SigmaData * SigmaData / ((scaled * scaled) + (SigmaData * SigmaData));
        var cOut = scaled / Math.Sqrt((scaled * scaled) + (SigmaData * SigmaData));

        // denoised = c_out·x0 + c_skip·sample; prev = sqrt(ᾱ_prev)·denoised + sqrt(1 − ᾱ_prev)·noise (not on the last step).
        var (c1, c2) = AlphaPredictedOriginal(alpha);
        var isLast = stepIndex == InferenceSteps - 1;
        var denoisedWeight = isLast ? 1.0 : Math.Sqrt(alphaPrevious);
        var noiseWeight = isLast ? 0.0 : Math.Sqrt(1 - alphaPrevious);

        Span<float> fresh = default;
        if (!isLast)
        {
            fresh = LatentMath.Ensure(ref _noise, sample.Length);
            noise.Fill(fresh);
        }

        if (Settings.ClipSample)
        {
            var x0 = LatentMath.Ensure(ref _predictedOriginal, sample.Length);
            LatentMath.Combine(sample, (float)c1, modelOutput, (float)c2, x0);
            LatentMath.ClampSymmetric(x0, (float)Settings.ClipSampleRange);
            LatentMath.Combine(x0, (float)(denoisedWeight * cOut), sample, (float)(denoisedWeight * cSkip), sample);
        }
        else
        {
            var sampleWeight = denoisedWeight * ((cOut * c1) + cSkip);
            var modelWeight = denoisedWeight * cOut * c2;
            LatentMath.Combine(sample, (float)sampleWeight, modelOutput, (float)modelWeight, sample);
        }

        if (!isLast)
        {
            LatentMath.Combine(sample, 1f, fresh, (float)noiseWeight, sample);
        }
    }

    /// <summary>diffusers' LCM img2img pipeline: <c>set_timesteps(n, strength=s)</c> picks all n steps from the first
    /// int(original_inference_steps·s) timesteps of the distillation grid, and every one of them runs (start index 0).</summary>
    public override int SetImageToImageTimesteps(int inferenceSteps, double strength)
    {
        ImageToImageSchedule.CheckStrength(strength);
        TimestepMath.CheckSteps(inferenceSteps, Settings.NumTrainTimesteps);
        UseTimesteps(inferenceSteps, BuildTimesteps(inferenceSteps, strength));
        return 0;
    }

    protected override float[] BuildTimesteps(int inferenceSteps) => BuildTimesteps(inferenceSteps, strength: 1.0);

    private float[] BuildTimesteps(int inferenceSteps, double strength)
    {
        var original = Settings.OriginalInferenceSteps;

        // lcm_origin_timesteps = [1..int(original·strength)]·k − 1, reversed; pick floor(linspace(0, count, n, endpoint=False)).
        var count = (int)(original * strength);
        if (count / inferenceSteps < 1)
        {
            throw strength < 1
                ? new ArgumentOutOfRangeException(
                    nameof(strength), strength,
                    $"LCM at strength {strength} keeps {count} of its original_inference_steps = {original} timesteps, fewer than the {inferenceSteps} steps asked for; lower the steps or raise the strength")
                : new ArgumentOutOfRangeException(
                    nameof(inferenceSteps), inferenceSteps, $"LCM inference steps must not exceed original_inference_steps = {original}");
        }

        var k = Settings.NumTrainTimesteps / original;
        var indices = TimestepMath.Linspace(0, count, inferenceSteps, endpoint: false);
        var result = new float[inferenceSteps];
        for (var i = 0; i < inferenceSteps; i++)
        {
            var reversedPosition = (int)Math.Floor(indices[i]);
            result[i] = ((count - reversedPosition) * k) - 1;
        }

        return result;
    }
}
