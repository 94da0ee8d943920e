namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>A <see cref="SchedulerConfig"/> with every class-dependent default filled in for one scheduler kind.</summary>
internal sealed record SchedulerSettings(
    int NumTrainTimesteps,
    double BetaStart,
    double BetaEnd,
    BetaSchedule BetaSchedule,
    IReadOnlyList<double>? TrainedBetas,
    int StepsOffset,
    TimestepSpacing TimestepSpacing,
    PredictionType PredictionType,
    bool ClipSample,
    double ClipSampleRange,
    bool SetAlphaToOne,
    bool UseKarrasSigmas,
    FinalSigmasType FinalSigmasType,
    bool LowerOrderFinal,
    int OriginalInferenceSteps,
    double TimestepScaling)
{
    public static SchedulerSettings Resolve(SchedulerConfig config, SchedulerKind kind)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();

        var isLcm = kind == SchedulerKind.Lcm;
        var defaultSpacing = kind is SchedulerKind.Ddim or SchedulerKind.Lcm ? TimestepSpacing.Leading : TimestepSpacing.Linspace;
        var betaStart = config.BetaStart ?? (isLcm ? 0.00085 : 0.0001);
        var betaEnd = config.BetaEnd ?? (isLcm ? 0.012 : 0.02);
        if (betaEnd < betaStart)
        {
            throw new SchedulerConfigException("beta_end", $"must not be below beta_start (got {betaEnd} < {betaStart})");
        }

        return new SchedulerSettings(
            config.NumTrainTimesteps,
            betaStart,
            betaEnd,
            config.BetaSchedule ?? (isLcm ? BetaSchedule.ScaledLinear : BetaSchedule.Linear),
            config.TrainedBetas,
            config.StepsOffset,
            config.TimestepSpacing ?? defaultSpacing,
            config.PredictionType,
            config.ClipSample ?? kind == SchedulerKind.Ddim,
            config.ClipSampleRange,
            config.SetAlphaToOne,
            kind == SchedulerKind.DpmPlusPlus2MKarras || config.UseKarrasSigmas,
            config.FinalSigmasType,
            config.LowerOrderFinal,
            config.OriginalInferenceSteps,
            config.TimestepScaling);
    }
}
