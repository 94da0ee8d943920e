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
        UseTimesteps(inferenceSteps, BuildTimesteps(inferenceSteps));
    }

    /// <summary>diffusers' StableDiffusionImg2ImgPipeline: the full schedule, started at the strength cut.</summary>
    public virtual int SetImageToImageTimesteps(int inferenceSteps, double strength)
    {
        ImageToImageSchedule.CheckStrength(strength);
        SetTimesteps(inferenceSteps);
        return ImageToImageSchedule.GetStartStepIndex(inferenceSteps, strength, Order);
    }

    public abstract void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex);

    public abstract void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise);

    public abstract void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination);

    /// <summary>Computes the schedule (and any sigmas) for a validated step count.</summary>
    protected abstract float[] BuildTimesteps(int inferenceSteps);

    /// <summary>Installs a computed schedule for a job of <paramref name="inferenceSteps"/> steps and clears per-job state.</summary>
    protected void UseTimesteps(int inferenceSteps, float[] timesteps)
    {
        _timesteps = timesteps;
        InferenceSteps = inferenceSteps;
        ResetState();
    }

    /// <summary>Clears multistep history; called whenever a schedule is installed.</summary>
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

    /// <summary>Multistep schedulers (DPM++ 2M, LMS) keep history, so once a job has taken a step
    /// (<paramref name="lastStepIndex"/> ≥ 0) the next one must follow it.</summary>
    protected void CheckConsecutiveStep(int stepIndex, int lastStepIndex)
    {
        if (lastStepIndex >= 0 && stepIndex != lastStepIndex + 1)
        {
            throw new InvalidOperationException(
                $"{Kind} is multistep: expected step {lastStepIndex + 1}, got {stepIndex}. Call SetTimesteps to start over.");
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
}
