namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Creates schedulers. Each call returns a new instance (one per job or per worker, never shared concurrently).</summary>
public static class SchedulerFactory
{
    /// <summary>Creates the scheduler of <paramref name="kind"/> over a model's <paramref name="config"/>
    /// (<see cref="SchedulerKind.DpmPlusPlus2MKarras"/> forces Karras sigmas on; the others follow use_karras_sigmas,
    /// which Euler, LMS and DPM++ honour). <paramref name="ddimEta"/> is the η of diffusers' pipelines: DDIM's noise
    /// weight in [0, 1] (0 deterministic); the other kinds ignore it, as diffusers' pipelines do.
    /// Throws <see cref="SchedulerConfigException"/> for an invalid config.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ddimEta"/> outside [0, 1].</exception>
    public static IScheduler Create(SchedulerKind kind, SchedulerConfig config, double ddimEta = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!(ddimEta >= 0 && ddimEta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ddimEta), ddimEta, "DDIM eta must lie in [0, 1]");
        }

        return kind switch
        {
            SchedulerKind.Ddim => new DdimScheduler(config, ddimEta),
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
    public static IScheduler Create(string name, SchedulerConfig config, double ddimEta = 0) =>
        Create(SchedulerNames.Parse(name), config, ddimEta);
}
