namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Creates schedulers. Each call returns a new instance (one per job or per worker, never shared concurrently).</summary>
public static class SchedulerFactory
{
    /// <summary>Creates the scheduler of <paramref name="kind"/> over a model's <paramref name="config"/>
    /// (<see cref="SchedulerKind.DpmPlusPlus2MKarras"/> forces Karras sigmas on; the others follow use_karras_sigmas,
    /// which Euler, LMS and DPM++ honour). Throws <see cref="SchedulerConfigException"/> for an invalid config.</summary>
    public static IScheduler Create(SchedulerKind kind, SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return kind switch
        {
            SchedulerKind.Ddim => new DdimScheduler(config),
            SchedulerKind.Euler => new EulerDiscreteScheduler(config),
            SchedulerKind.EulerAncestral => new EulerAncestralDiscreteScheduler(config),
            SchedulerKind.DpmPlusPlus2M => new DpmSolverMultistepScheduler(config, SchedulerKind.DpmPlusPlus2M),
            SchedulerKind.DpmPlusPlus2MKarras => new DpmSolverMultistepScheduler(config, SchedulerKind.DpmPlusPlus2MKarras),
            SchedulerKind.Lms => new LmsDiscreteScheduler(config),
            SchedulerKind.Lcm => new LcmScheduler(config),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scheduler kind"),
        };
    }

    /// <summary>Creates a scheduler by name (see <see cref="SchedulerNames.Parse"/>).</summary>
    public static IScheduler Create(string name, SchedulerConfig config) => Create(SchedulerNames.Parse(name), config);
}
