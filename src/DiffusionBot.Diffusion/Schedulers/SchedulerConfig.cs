namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// The noise-schedule settings of a model, as in diffusers' <c>scheduler/scheduler_config.json</c>.
/// A property left <c>null</c> was absent from the file and takes the default of the scheduler class that
/// uses it, exactly as diffusers' <c>from_config</c> does (e.g. DDIM defaults to <c>leading</c> spacing and
/// clip_sample true, Euler to <c>linspace</c>, LCM to scaled_linear 0.00085..0.012).
/// </summary>
public sealed partial record SchedulerConfig
{
    /// <summary><c>_class_name</c> as written by diffusers (informational; e.g. <c>PNDMScheduler</c>).</summary>
    public string? ClassName { get; init; }

    /// <summary><c>num_train_timesteps</c> (default 1000).</summary>
    public int NumTrainTimesteps { get; init; } = 1000;

    /// <summary><c>beta_start</c>; null = class default (0.0001, LCM 0.00085).</summary>
    public double? BetaStart { get; init; }

    /// <summary><c>beta_end</c>; null = class default (0.02, LCM 0.012).</summary>
    public double? BetaEnd { get; init; }

    /// <summary><c>beta_schedule</c>; null = class default (linear, LCM scaled_linear).</summary>
    public BetaSchedule? BetaSchedule { get; init; }

    /// <summary><c>trained_betas</c>: explicit betas, one per training timestep; overrides the schedule.</summary>
    public IReadOnlyList<double>? TrainedBetas { get; init; }

    /// <summary><c>steps_offset</c> added to <c>leading</c> timesteps (default 0).</summary>
    public int StepsOffset { get; init; }

    /// <summary><c>timestep_spacing</c>; null = class default (DDIM/LCM leading, others linspace).</summary>
    public TimestepSpacing? TimestepSpacing { get; init; }

    /// <summary><c>prediction_type</c> (default epsilon).</summary>
    public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;

    /// <summary><c>clip_sample</c> (DDIM, LCM); null = class default (DDIM true, LCM false).</summary>
    public bool? ClipSample { get; init; }

    /// <summary><c>clip_sample_range</c> (default 1.0).</summary>
    public double ClipSampleRange { get; init; } = 1.0;

    /// <summary><c>set_alpha_to_one</c> (DDIM, LCM; default true): the alpha product after the last step.</summary>
    public bool SetAlphaToOne { get; init; } = true;

    /// <summary><c>use_karras_sigmas</c> (Euler, LMS, DPM++; default false).</summary>
    public bool UseKarrasSigmas { get; init; }

    /// <summary><c>final_sigmas_type</c> (Euler, DPM++; default zero).</summary>
    public FinalSigmasType FinalSigmasType { get; init; } = FinalSigmasType.Zero;

    /// <summary><c>lower_order_final</c> (DPM++; default true): first-order final step when there are fewer than 15 steps.</summary>
    public bool LowerOrderFinal { get; init; } = true;

    /// <summary><c>original_inference_steps</c> (LCM; default 50).</summary>
    public int OriginalInferenceSteps { get; init; } = 50;

    /// <summary><c>timestep_scaling</c> (LCM boundary condition; default 10).</summary>
    public double TimestepScaling { get; init; } = 10.0;

    /// <summary>
    /// Stable Diffusion 1.5's <c>scheduler_config.json</c>: 1000 steps, scaled_linear 0.00085..0.012, steps_offset 1,
    /// epsilon, clip_sample false, set_alpha_to_one false. Like that file it names no timestep_spacing, so each
    /// scheduler uses its diffusers class default, exactly as diffusers does when loading SD 1.5: DDIM and LCM
    /// <c>leading</c>, Euler / Euler ancestral / DPM++ / LMS <c>linspace</c>. Use
    /// <c>StableDiffusionDefault with { TimestepSpacing = TimestepSpacing.Leading }</c> to force leading everywhere.
    /// </summary>
    public static SchedulerConfig StableDiffusionDefault { get; } = new()
    {
        NumTrainTimesteps = 1000,
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        BetaSchedule = Schedulers.BetaSchedule.ScaledLinear,
        StepsOffset = 1,
        TimestepSpacing = null,
        PredictionType = PredictionType.Epsilon,
        ClipSample = false,
        SetAlphaToOne = false,
    };

    /// <summary>Checks every value; throws <see cref="SchedulerConfigException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (NumTrainTimesteps < 1)
        {
            throw new SchedulerConfigException("num_train_timesteps", $"must be at least 1 (got {NumTrainTimesteps})");
        }

        CheckBeta("beta_start", BetaStart);
        CheckBeta("beta_end", BetaEnd);
        if (BetaStart is { } start && BetaEnd is { } end && end < start)
        {
            throw new SchedulerConfigException("beta_end", $"must not be below beta_start (got {end} < {start})");
        }

        if (BetaSchedule is { } schedule && !Enum.IsDefined(schedule))
        {
            throw new SchedulerConfigException("beta_schedule", $"has an unknown value {schedule}");
        }

        if (TrainedBetas is { } trained)
        {
            if (trained.Count != NumTrainTimesteps)
            {
                throw new SchedulerConfigException(
                    "trained_betas", $"must hold num_train_timesteps = {NumTrainTimesteps} values (got {trained.Count})");
            }

            for (var i = 0; i < trained.Count; i++)
            {
                if (!(trained[i] > 0 && trained[i] < 1))
                {
                    throw new SchedulerConfigException("trained_betas", $"values must lie in (0, 1) (index {i} is {trained[i]})");
                }
            }
        }

        if (StepsOffset < 0)
        {
            throw new SchedulerConfigException("steps_offset", $"must not be negative (got {StepsOffset})");
        }

        if (TimestepSpacing is { } spacing && !Enum.IsDefined(spacing))
        {
            throw new SchedulerConfigException("timestep_spacing", $"has an unknown value {spacing}");
        }

        if (!Enum.IsDefined(PredictionType))
        {
            throw new SchedulerConfigException("prediction_type", $"has an unknown value {PredictionType}");
        }

        if (!(ClipSampleRange > 0) || double.IsInfinity(ClipSampleRange))
        {
            throw new SchedulerConfigException("clip_sample_range", $"must be a positive finite number (got {ClipSampleRange})");
        }

        if (!Enum.IsDefined(FinalSigmasType))
        {
            throw new SchedulerConfigException("final_sigmas_type", $"has an unknown value {FinalSigmasType}");
        }

        if (OriginalInferenceSteps < 1)
        {
            throw new SchedulerConfigException("original_inference_steps", $"must be at least 1 (got {OriginalInferenceSteps})");
        }

        if (!(TimestepScaling > 0) || double.IsInfinity(TimestepScaling))
        {
            throw new SchedulerConfigException("timestep_scaling", $"must be a positive finite number (got {TimestepScaling})");
        }
    }

    private static void CheckBeta(string key, double? value)
    {
        if (value is { } beta && !(beta > 0 && beta < 1))
        {
            throw new SchedulerConfigException(key, $"must lie in (0, 1) (got {beta})");
        }
    }
}
