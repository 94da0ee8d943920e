using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' EulerDiscreteScheduler (s_churn 0, linear interpolation, final_sigmas_type, optional Karras sigmas).</summary>
internal sealed class EulerDiscreteScheduler : SigmaSchedulerBase
{
    public EulerDiscreteScheduler(SchedulerConfig config)
        : base(SchedulerKind.Euler, config)
    {
    }

    protected override bool SupportsFinalSigmaMin => true;

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        double sigma = Sigmas[stepIndex];
        var dt = Sigmas[stepIndex + 1] - sigma;

        // prev = sample + dt · (sample − x0) / σ, with x0 = c1·sample + c2·model.
        var (c1, c2) = SigmaPredictedOriginal(sigma);
        var sampleCoefficient = 1 + (dt * (1 - c1) / sigma);
        var modelCoefficient = -dt * c2 / sigma;
        LatentMath.Combine(sample, (float)sampleCoefficient, modelOutput, (float)modelCoefficient, sample);
    }
}
