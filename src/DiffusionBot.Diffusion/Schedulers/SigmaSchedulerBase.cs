using System.Numerics.Tensors;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Schedulers that work in sigma space (Euler, Euler ancestral, LMS): sigmas per step plus a final 0,
/// inputs scaled by 1/sqrt(σ²+1), noising by x + σ·noise.</summary>
internal abstract class SigmaSchedulerBase : SchedulerBase
{
    private float[] _sigmas = [];

    protected SigmaSchedulerBase(SchedulerKind kind, SchedulerConfig config)
        : base(kind, config)
    {
    }

    /// <summary>σ per step, followed by the final σ = 0.</summary>
    internal ReadOnlySpan<float> Sigmas => _sigmas;

    /// <summary>Whether this scheduler honours <c>use_karras_sigmas</c>.</summary>
    protected virtual bool SupportsKarras => true;

    /// <summary>Whether this scheduler honours <c>final_sigmas_type</c> (otherwise the final sigma is 0).</summary>
    protected virtual bool SupportsFinalSigmaMin => false;

    public override float InitNoiseSigma
    {
        get
        {
            var max = _sigmas.Length == 0 ? 0f : TensorPrimitives.Max<float>(_sigmas);
            return Settings.TimestepSpacing == TimestepSpacing.Leading ? MathF.Sqrt((max * max) + 1f) : max;
        }
    }

    public override void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, destination.Length, nameof(destination));
        var sigma = _sigmas[stepIndex];
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), destination);
    }

    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(original.Length, noise.Length, nameof(noise));
        CheckSameLength(original.Length, destination.Length, nameof(destination));
        LatentMath.Combine(original, 1f, noise, _sigmas[stepIndex], destination);
    }

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var timesteps = TimestepMath.SigmaSchedulerTimesteps(Settings, inferenceSteps);
        var sigmas = new double[timesteps.Length];
        for (var i = 0; i < timesteps.Length; i++)
        {
            sigmas[i] = TimestepMath.Interp(timesteps[i], Schedule.TrainSigmas);
        }

        if (SupportsKarras && Settings.UseKarrasSigmas)
        {
            sigmas = TimestepMath.KarrasSigmas(sigmas[0], sigmas[^1], inferenceSteps);
            timesteps = new float[sigmas.Length];
            for (var i = 0; i < sigmas.Length; i++)
            {
                timesteps[i] = (float)TimestepMath.SigmaToT(sigmas[i], Schedule.LogTrainSigmas);
            }
        }

        _sigmas = new float[sigmas.Length + 1];
        for (var i = 0; i < sigmas.Length; i++)
        {
            _sigmas[i] = (float)sigmas[i];
        }

        if (SupportsFinalSigmaMin && Settings.FinalSigmasType == FinalSigmasType.SigmaMin)
        {
            _sigmas[^1] = Schedule.TrainSigmas[0];
        }

        return timesteps;
    }

    /// <summary>x0 = c1·sample + c2·model in sigma space (diffusers' Euler/LMS pred_original_sample).</summary>
    protected (double SampleCoefficient, double ModelCoefficient) SigmaPredictedOriginal(double sigma) =>
        Settings.PredictionType switch
        {
            PredictionType.Epsilon => (1, -sigma),
            PredictionType.VPrediction => (1 / ((sigma * sigma) + 1), -sigma / Math.Sqrt((sigma * sigma) + 1)),
            _ => (0, 1),
        };
}
