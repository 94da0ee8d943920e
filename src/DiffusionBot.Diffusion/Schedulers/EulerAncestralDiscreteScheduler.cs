using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' EulerAncestralDiscreteScheduler: an Euler step to σ_down plus fresh noise of size σ_up.</summary>
internal sealed class EulerAncestralDiscreteScheduler : SigmaSchedulerBase
{
    private float[]? _noise;

    public EulerAncestralDiscreteScheduler(SchedulerConfig config)
        : base(SchedulerKind.EulerAncestral, config)
    {
    }

    public override bool UsesStepNoise => true;

    protected override bool SupportsKarras => false;

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        double sigmaFrom = Sigmas[stepIndex];
        double sigmaTo = Sigmas[stepIndex + 1];
        var sigmaUp = Math.Sqrt(sigmaTo * sigmaTo * ((sigmaFrom * sigmaFrom) - (sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom));
        var sigmaDown = Math.Sqrt(Math.Max(0, (sigmaTo * sigmaTo) - (sigmaUp * sigmaUp)));
        var dt = sigmaDown - sigmaFrom;

        var (c1, c2) = SigmaPredictedOriginal(sigmaFrom);
        var sampleCoefficient = 1 + (dt * (1 - c1) / sigmaFrom);
        var modelCoefficient = -dt * c2 / sigmaFrom;

        // diffusers draws the noise on every step, including the last (where σ_up = 0).
        var fresh = LatentMath.Ensure(ref _noise, sample.Length);
        noise.Fill(fresh);
        LatentMath.Combine(sample, (float)sampleCoefficient, modelOutput, (float)modelCoefficient, fresh, (float)sigmaUp, sample);
    }
}
