using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Shared plumbing: the resolved settings, training tables, timesteps and argument checks.</summary>
internal abstract class SchedulerBase : IScheduler
{
    private float[] _timesteps = [];

    protected SchedulerBase(SchedulerKind kind, SchedulerConfig config)
    {
        Kind = kind;
        Settings = SchedulerSettings.Resolve(config, kind);
        Schedule = NoiseSchedule.Create(Settings);
    }

    public SchedulerKind Kind { get; }

    public int Order => 1;

    public int InferenceSteps { get; private set; }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public abstract float InitNoiseSigma { get; }

    public virtual bool UsesStepNoise => false;

    internal SchedulerSettings Settings { get; }

    internal NoiseSchedule Schedule { get; }

    public void SetTimesteps(int inferenceSteps)
    {
        TimestepMath.CheckSteps(inferenceSteps, Settings.NumTrainTimesteps);
        _timesteps = BuildTimesteps(inferenceSteps);
        InferenceSteps = inferenceSteps;
        ResetState();
    }

    public abstract void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex);

    public abstract void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise);

    public abstract void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination);

    /// <summary>Computes the schedule (and any sigmas) for a validated step count.</summary>
    protected abstract float[] BuildTimesteps(int inferenceSteps);

    /// <summary>Clears multistep history; called by <see cref="SetTimesteps"/>.</summary>
    protected virtual void ResetState()
    {
    }

    protected void CheckStepIndex(int stepIndex)
    {
        if (_timesteps.Length == 0)
        {
            throw new InvalidOperationException($"{Kind}: call SetTimesteps before using the scheduler.");
        }

        if ((uint)stepIndex >= (uint)_timesteps.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(stepIndex), stepIndex, $"step index must lie in [0, {_timesteps.Length - 1}]");
        }
    }

    protected static void CheckSameLength(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"{name} has {actual} elements but the sample has {expected}", name);
        }
    }

    protected static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        CheckSameLength(source.Length, destination.Length, nameof(destination));
        source.CopyTo(destination);
    }

    /// <summary>x0 = c1·sample + c2·model for an alpha-product parameterisation (DDIM, LCM).</summary>
    protected (double SampleCoefficient, double ModelCoefficient) AlphaPredictedOriginal(double alphaProduct)
    {
        var sqrtAlpha = Math.Sqrt(alphaProduct);
        var sqrtBeta = Math.Sqrt(1 - alphaProduct);
        return Settings.PredictionType switch
        {
            PredictionType.Epsilon => (1 / sqrtAlpha, -sqrtBeta / sqrtAlpha),
            PredictionType.VPrediction => (sqrtAlpha, -sqrtBeta),
            _ => (0, 1),
        };
    }

    /// <summary>DDPM-style forward noising: sqrt(ᾱ_t)·x + sqrt(1 − ᾱ_t)·noise at the timestep of <paramref name="stepIndex"/>.</summary>
    protected void AddNoiseAtAlpha(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(original.Length, noise.Length, nameof(noise));
        CheckSameLength(original.Length, destination.Length, nameof(destination));
        var alpha = Schedule.AlphasCumprod[(int)Timesteps[stepIndex]];
        LatentMath.Combine(original, MathF.Sqrt(alpha), noise, MathF.Sqrt(1f - alpha), destination);
    }
}
